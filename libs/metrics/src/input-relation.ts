import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableColumnType } from '@music/tables';
import { quoteRelationName } from './duckdb-sql-files';

/** The DuckDB type each table column type is computed and stored as. */
export const DUCKDB_TYPES: Readonly<Record<TableColumnType, string>> = {
  string: 'VARCHAR',
  integer: 'INTEGER',
  long: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP WITH TIME ZONE',
  date: 'DATE',
};

const INTEGER_TYPES = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT'];
const NAIVE_TIMESTAMPS = ['TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS'];

/**
 * How a column of `sourceType` becomes the canonical type, or undefined when it cannot. Naive
 * timestamps are UTC wall clock (Delta's `timestamp` is an instant stored in UTC), so they are
 * converted with timezone('UTC', …) and never depend on the session's TimeZone; text timestamps
 * must carry their offset (e.g. 2026-11-24T18:05:09.123Z).
 */
function conversion(column: string, sourceType: string, target: TableColumnType): string | undefined {
  const canonical = DUCKDB_TYPES[target];
  if (sourceType === canonical) return column;
  const isInteger = INTEGER_TYPES.includes(sourceType);
  switch (target) {
    case 'integer':
    case 'long':
      return isInteger ? `CAST(${column} AS ${canonical})` : undefined;
    case 'double':
      return isInteger || sourceType === 'FLOAT' || sourceType.startsWith('DECIMAL') ? `CAST(${column} AS DOUBLE)` : undefined;
    case 'date':
      return sourceType === 'VARCHAR' ? `CAST(${column} AS DATE)` : undefined;
    case 'timestamp':
      if (NAIVE_TIMESTAMPS.includes(sourceType)) return `timezone('UTC', CAST(${column} AS TIMESTAMP))`;
      return sourceType === 'VARCHAR' ? `CAST(${column} AS TIMESTAMP WITH TIME ZONE)` : undefined;
    default:
      return undefined;
  }
}

export interface InputColumn {
  name: string;
  type: TableColumnType;
}

let viewCounter = 0;

/**
 * Checks that `relation` has every column of the contract with a usable type, and creates a
 * temporary view holding exactly those columns in their canonical DuckDB types (extra columns are
 * left out). DuckDB inlines the view, so reading through it costs nothing. Returns the view name;
 * drop it with `dropInputView` when done.
 */
export async function createInputView(connection: DuckDBConnection, relation: string, columns: readonly InputColumn[], role: string): Promise<string> {
  const quoted = quoteRelationName(relation);
  let described: { column_name: string; column_type: string }[];
  try {
    const reader = await connection.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE ${quoted})`);
    described = reader.getRowObjectsJS() as { column_name: string; column_type: string }[];
  } catch (error) {
    throw new Error(`Cannot read the columns of the ${role} relation ${relation}`, { cause: error });
  }
  const types = new Map(described.map((row) => [row.column_name.toLowerCase(), row.column_type]));
  const problems: string[] = [];
  const expressions = columns.map((column) => {
    const sourceType = types.get(column.name);
    if (sourceType === undefined) {
      problems.push(`column ${column.name} is missing`);
      return '';
    }
    const expression = conversion(`"${column.name}"`, sourceType, column.type);
    if (expression === undefined) problems.push(`column ${column.name} is ${sourceType}, expected ${DUCKDB_TYPES[column.type]}`);
    return `${expression} AS "${column.name}"`;
  });
  if (problems.length > 0) throw new Error(`The ${role} relation ${relation} does not fit its contract: ${problems.join('; ')}`);
  viewCounter += 1;
  const view = `metrics_${role.replace(/[^a-z0-9]+/g, '_')}_input_${viewCounter}`;
  await connection.run(`CREATE OR REPLACE TEMP VIEW "${view}" AS SELECT ${expressions.join(', ')} FROM ${quoted}`);
  return view;
}

export async function dropInputView(connection: DuckDBConnection, view: string): Promise<void> {
  await connection.run(`DROP VIEW IF EXISTS ${quoteRelationName(view)}`);
}
