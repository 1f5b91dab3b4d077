import { DeltaTable, TableNotFoundError, type DuckDBSession } from '@music/delta';
import { openObjectStore, tableUri, type StorageOptions } from '@music/storage';
import { openOrCreateTable, type LakeTableDefinition } from '@music/tables';

/** The lake the jobs work on: its root, how to reach it, and one DuckDB session for all tables. */
export interface Lake {
  uri: string;
  storage: StorageOptions;
  duckdb: DuckDBSession;
  /** Local copies of remote data files (see @music/delta). */
  cacheDirectory?: string;
}

export type LakeTable = LakeTableDefinition & { path: readonly string[] };

export function lakeTableUri(lake: Lake, table: LakeTable): string {
  return tableUri(lake.uri, ...table.path);
}

const tableOptions = (lake: Lake) => ({ duckdb: lake.duckdb, ...(lake.cacheDirectory ? { cacheDirectory: lake.cacheDirectory } : {}) });

export function openOrCreate(lake: Lake, table: LakeTable): Promise<DeltaTable> {
  return openOrCreateTable(openObjectStore(lakeTableUri(lake, table), lake.storage), table, tableOptions(lake));
}

/** The table, or undefined when it was never created. */
export async function openIfExists(lake: Lake, table: LakeTable): Promise<DeltaTable | undefined> {
  try {
    return await DeltaTable.open(openObjectStore(lakeTableUri(lake, table), lake.storage), tableOptions(lake));
  } catch (error) {
    if (error instanceof TableNotFoundError) return undefined;
    throw error;
  }
}

/** Runs `work` on the table and closes it; undefined without running it when the table was never created. */
export async function withExistingTable<T>(lake: Lake, table: LakeTable, work: (opened: DeltaTable) => Promise<T>): Promise<T | undefined> {
  const opened = await openIfExists(lake, table);
  if (!opened) return undefined;
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}
