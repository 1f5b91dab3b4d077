import type { StructType } from './delta-schema';
import { duckdbType, sqlString } from './sql-literals';

/**
 * A DuckDB query over a file of JSON lines, one object per row keyed by column name, typed as the
 * table's columns: the input of `appendQuery` for rows built by trusted code (e.g. bronze rows
 * made from events a validator accepted), which then skip the per-cell checks of `append`.
 * DuckDB's JSON reader converts leniently (a number into a string column, 1.5 into 2 for an
 * integer, a zone-less timestamp as UTC) and ignores keys that are not columns: rows that may be
 * wrong belong in `append`, which refuses all of that. A value it cannot convert at all, malformed
 * JSON, a duplicate key or a lone surrogate escape (`"\ud800"`) fails the write with a
 * QueryWriteError and nothing is committed.
 */
export function jsonLinesQuery(path: string, schema: StructType): string {
  const columns = schema.fields.map((field) => `${sqlString(field.name)}: ${sqlString(duckdbType(field.type))}`).join(', ');
  return `SELECT * FROM read_ndjson(${sqlString(path)}, columns = {${columns}})`;
}
