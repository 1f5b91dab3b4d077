import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

export interface TestDuckDB {
  connection: DuckDBConnection;
  close(): void;
}

/** An in-memory database on one thread, extensions never fetched. */
export async function openTestDuckDB(): Promise<TestDuckDB> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export type PlainValue = string | number | boolean | null;

/** Rows as plain values: integers as numbers, DATE as YYYY-MM-DD, TIMESTAMP WITH TIME ZONE as ISO-8601 UTC. */
export async function readRows(connection: DuckDBConnection, sql: string, values?: Record<string, DuckDBValue>): Promise<Record<string, PlainValue>[]> {
  const reader = await connection.runAndReadAll(sql, values);
  const names = reader.columnNames();
  const types = reader.columnTypes();
  return (reader.getRowsJS() as unknown[][]).map((row) =>
    Object.fromEntries(
      row.map((value, i) => {
        const typeId = types[i]?.typeId;
        let plain: PlainValue;
        if (value === null || value === undefined) plain = null;
        else if (typeof value === 'bigint') plain = Number(value);
        else if (value instanceof Date) plain = typeId === DuckDBTypeId.DATE ? value.toISOString().slice(0, 10) : value.toISOString();
        else plain = value as PlainValue;
        return [names[i] as string, plain];
      }),
    ),
  );
}

/** Rows in a stable order, for comparing row sets. */
export function sortedRows<Row extends Record<string, unknown>>(rows: readonly Row[], keys: readonly string[]): Row[] {
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const x = a[key] as PlainValue;
      const y = b[key] as PlainValue;
      if (x === y) continue;
      if (x === null) return -1;
      if (y === null) return 1;
      return x < y ? -1 : 1;
    }
    return 0;
  });
}
