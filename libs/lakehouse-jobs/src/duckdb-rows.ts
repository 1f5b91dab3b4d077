import type { DuckDBConnection } from '@duckdb/node-api';

/** Rows of a DuckDB relation as JS values the Delta writer accepts (Date, bigint, string…). */
export async function relationRows(connection: DuckDBConnection, relation: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(`SELECT * FROM "${relation.replaceAll('"', '""')}"`);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}
