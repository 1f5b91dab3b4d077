import { DeltaTable, TableNotFoundError, type DuckDBSession, type ScanOptions, type ScanPlan, type Snapshot } from '@music/delta';
import { openObjectStore, tableUri } from '@music/storage';
import type { LakeConnection } from './lake-connection';

/** One version of a table, ready to query. */
export interface TableView {
  name: string;
  uri: string;
  version: number;
  /** Commit time of `version` (ISO-8601). */
  lastUpdated: string;
  /** A SELECT over exactly the live files of `version` (local Parquet copies), for any DuckDB database of this process. */
  relation: string;
  snapshot: Snapshot;
}

export interface LakeTableReaderOptions {
  duckdb: DuckDBSession;
  /** A table is asked for new commits at most this often (the log listing costs a request on S3). */
  refreshIntervalMs: number;
  now: () => number;
}

/**
 * Keeps one table of the lake open and answers its latest version, looking for new commits at
 * most every refreshIntervalMs; concurrent callers share one refresh. A table that does not
 * exist yet is undefined (and looked for again after the interval).
 */
export class LakeTableReader {
  private table: DeltaTable | undefined;
  private view: TableView | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<TableView | undefined> | undefined;

  constructor(
    readonly definition: { name: string; path: readonly string[] },
    private readonly lake: LakeConnection,
    private readonly options: LakeTableReaderOptions,
  ) {}

  get uri(): string {
    return tableUri(this.lake.uri, ...this.definition.path);
  }

  async current(): Promise<TableView | undefined> {
    if (this.options.now() - this.checkedAt < this.options.refreshIntervalMs) return this.view;
    this.pending ??= this.load().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async load(): Promise<TableView | undefined> {
    const startedAt = this.options.now();
    try {
      this.table ??= await DeltaTable.open(openObjectStore(this.uri, this.lake.storage), {
        duckdb: this.options.duckdb,
        ...(this.lake.cacheDirectory ? { cacheDirectory: this.lake.cacheDirectory } : {}),
      });
    } catch (error) {
      if (!(error instanceof TableNotFoundError)) throw new Error(`cannot open table ${this.definition.name} at ${this.uri}`, { cause: error });
      this.checkedAt = startedAt;
      return undefined;
    }
    const snapshot = await this.table.refresh();
    if (this.view?.version !== snapshot.version) {
      const plan = await this.table.scan({ snapshot });
      this.view = {
        name: this.definition.name,
        uri: this.uri,
        version: snapshot.version,
        lastUpdated: new Date(snapshot.timestamp).toISOString(),
        relation: plan.sql,
        snapshot,
      };
    }
    this.checkedAt = startedAt;
    return this.view;
  }

  /** A scan of the view's version with other columns or a filter (partition pruning, file skipping). */
  async scan(view: TableView, options: ScanOptions): Promise<ScanPlan> {
    if (!this.table) throw new Error(`table ${this.definition.name} at ${this.uri} is not open`);
    return this.table.scan({ ...options, snapshot: view.snapshot });
  }

  async close(): Promise<void> {
    await this.table?.close();
  }
}
