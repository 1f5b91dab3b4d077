import type { ObjectStore } from '@music/storage';
import type { DataFilePaths } from './data-file-paths';
import type { DuckDBSession } from './duckdb-session';
import type { LocalFileCache } from './local-file-cache';

/** What every table operation needs: the store, its URI, DuckDB and the local copy cache. */
export interface TableContext {
  /** The table root URI (the store's URI); names the table in errors. */
  uri: string;
  store: ObjectStore;
  duckdb: DuckDBSession;
  cache: LocalFileCache;
  paths: DataFilePaths;
}
