import { QueryWriteError, SchemaMismatchError } from './delta-errors';
import type { StructType } from './delta-schema';
import type { WritableType } from './row-validation';
import { duckdbType, sqlIdentifier } from './sql-literals';
import type { TableContext } from './table-context';

/**
 * Writes from a DuckDB query (appendQuery / overwriteQuery): the query's columns, as DESCRIBE
 * reports them, are matched by name to the table's columns. A DuckDB type is accepted for a
 * Delta type only when the cast between them is exact or fails loudly (integers of any width
 * into an integer column: an out-of-range value is a DuckDB conversion error); casts that would
 * round, truncate or reinterpret (DOUBLE into long, VARCHAR into anything, nanoseconds into
 * microseconds, a date into a timestamp) are refused before anything runs, naming the column and
 * both types. Nullable columns the query lacks are written as NULL.
 */

export interface QueryColumn {
  name: string;
  /** DuckDB's type name, e.g. `BIGINT`, `TIMESTAMP WITH TIME ZONE`. */
  type: string;
}

const INTEGERS = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT'];
/** Integer types every value of which a float (24-bit mantissa) or a double (53-bit) holds exactly. */
const EXACT_IN_FLOAT = ['TINYINT', 'SMALLINT', 'UTINYINT', 'USMALLINT'];
const EXACT_IN_DOUBLE = [...EXACT_IN_FLOAT, 'INTEGER', 'UINTEGER'];

const ACCEPTED: Record<WritableType, readonly string[]> = {
  string: ['VARCHAR'],
  long: INTEGERS,
  integer: INTEGERS,
  short: INTEGERS,
  byte: INTEGERS,
  double: ['DOUBLE', 'FLOAT', ...EXACT_IN_DOUBLE],
  float: ['FLOAT', ...EXACT_IN_FLOAT],
  boolean: ['BOOLEAN'],
  date: ['DATE'],
  // Zone-less timestamps are read in the session's time zone, which is UTC.
  timestamp: ['TIMESTAMP WITH TIME ZONE', 'TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS'],
};

/** The columns of `sql` (not run: DESCRIBE only plans it). */
export async function describeQuery(context: TableContext, sql: string): Promise<QueryColumn[]> {
  let rows: Record<string, unknown>[];
  try {
    rows = await context.duckdb.rows(`DESCRIBE SELECT * FROM (${sql}) AS delta_query`);
  } catch (error) {
    throw new QueryWriteError(context.uri, error);
  }
  return rows.map((row) => ({ name: String(row['column_name']), type: String(row['column_type']) }));
}

/**
 * `SELECT` of every table column, cast to its table type, over `sql`; throws SchemaMismatchError
 * listing every column that is unknown, missing (not nullable) or of a type that does not convert.
 */
export function conformQuery(table: string, schema: StructType, columns: readonly QueryColumn[], sql: string): string {
  const byName = new Map(columns.map((column) => [column.name, column]));
  const known = new Set(schema.fields.map((field) => field.name));
  const issues: string[] = [];
  for (const column of columns) {
    if (!known.has(column.name)) issues.push(`column ${column.name} (${column.type}) is not a column of the table`);
  }
  const projection = schema.fields.map((field) => {
    const type = field.type as WritableType;
    const target = duckdbType(type);
    const column = byName.get(field.name);
    if (column === undefined) {
      if (!field.nullable) issues.push(`column ${field.name} (${type}, not nullable) is missing from the query`);
      return `CAST(NULL AS ${target}) AS ${sqlIdentifier(field.name)}`;
    }
    if (!ACCEPTED[type].includes(column.type)) {
      issues.push(`column ${field.name}: the query gives ${column.type}, the table has ${type} (accepts ${ACCEPTED[type].join(', ')})`);
    }
    return `CAST(${sqlIdentifier(field.name)} AS ${target}) AS ${sqlIdentifier(field.name)}`;
  });
  if (issues.length > 0) throw new SchemaMismatchError(table, issues.join('; '));
  return `SELECT ${projection.join(', ')} FROM (${sql}) AS delta_query`;
}
