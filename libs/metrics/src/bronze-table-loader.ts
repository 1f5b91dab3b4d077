import { dateValue, timestampTZValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { BRONZE_COLUMNS, type BronzeColumnType, type BronzeRow } from '@music/tables';
import { quoteRelationName } from './duckdb-sql-files';
import { DUCKDB_TYPES } from './input-relation';

const DAY_MS = 86_400_000;

/** Creates (or replaces) an empty table with the bronze columns in their DuckDB types. */
export async function createBronzeTable(connection: DuckDBConnection, name: string): Promise<void> {
  const columns = BRONZE_COLUMNS.map((column) => `"${column.name}" ${DUCKDB_TYPES[column.type]}${column.nullable ? '' : ' NOT NULL'}`);
  await connection.run(`CREATE OR REPLACE TABLE ${quoteRelationName(name)} (${columns.join(', ')})`);
}

function epochMs(value: string, column: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`Bronze column ${column}: ${JSON.stringify(value)} is not a date or timestamp`);
  return ms;
}

function appendValue(appender: DuckDBAppender, type: BronzeColumnType, value: string | number | boolean, column: string): void {
  switch (type) {
    case 'string':
      return appender.appendVarchar(String(value));
    case 'integer':
      return appender.appendInteger(Number(value));
    case 'long':
      return appender.appendBigInt(BigInt(value));
    case 'boolean':
      return appender.appendBoolean(Boolean(value));
    case 'timestamp':
      return appender.appendTimestampTZ(timestampTZValue(BigInt(epochMs(String(value), column)) * 1000n));
    case 'date':
      return appender.appendDate(dateValue(Math.floor(epochMs(`${String(value)}T00:00:00.000Z`, column) / DAY_MS)));
  }
}

/** Appends bronze rows to a table made by `createBronzeTable`, through DuckDB's appender. */
export async function appendBronzeRows(connection: DuckDBConnection, name: string, rows: Iterable<BronzeRow>): Promise<void> {
  quoteRelationName(name);
  const parts = name.split('.');
  const appender = await connection.createAppender(parts.at(-1) as string, parts.length > 1 ? (parts.at(-2) as string) : null);
  try {
    for (const row of rows) {
      for (const column of BRONZE_COLUMNS) {
        const value = row[column.name];
        if (value === null) appender.appendNull();
        else appendValue(appender, column.type, value, column.name);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
