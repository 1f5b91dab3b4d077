import type { ObjectStore } from '@music/storage';
import { Table as ArrowTable } from 'apache-arrow';
import { alterTableProperties, type PropertiesOptions, type PropertiesResult } from './alter-table-properties';
import { arrowColumnTypes, arrowTableToRows } from './arrow-rows';
import { writeCheckpoint, type CheckpointWritten } from './checkpoint-writer';
import { createTableLog, type TableDefinition } from './create-table';
import { DataFilePaths } from './data-file-paths';
import { ReadOnlySnapshotError, TableNotFoundError } from './delta-errors';
import { DuckDBSession } from './duckdb-session';
import { deleteRows, type DeleteOptions, type DeleteResult } from './delete-rows';
import { LocalFileCache } from './local-file-cache';
import { cleanupExpiredLog, type LogCleanupOptions, type LogCleanupResult } from './log-cleanup';
import { listLog } from './log-listing';
import { optimizeTable, type OptimizeOptions, type OptimizeResult } from './optimize';
import type { PreparedDataFile } from './prepared-files';
import { planScan, type ScanOptions, type ScanPlan } from './scan';
import type { ScanPredicate } from './scan-filter';
import { loadLatestSnapshot, loadSnapshotAt, updateSnapshot, type LoadedSnapshot, type Snapshot } from './snapshot';
import type { TableContext } from './table-context';
import { checkpointInterval, DEFAULT_CHECKPOINT_INTERVAL } from './table-properties';
import { versionAtTimestamp } from './time-travel';
import {
  appendFiles,
  appendQuery,
  appendRows,
  overwriteQuery,
  overwriteRows,
  type AppendFilesOptions,
  type AppendOptions,
  type AppendResult,
  type OverwriteOptions,
  type OverwriteResult,
  type QueryOverwriteOptions,
  type QueryWriteOptions,
  type WriteInput,
} from './transaction';
import { vacuumTable, type VacuumOptions, type VacuumResult } from './vacuum';

export interface DeltaTableOptions {
  /** A DuckDB session to share between tables; otherwise the table creates one and close() ends it. */
  duckdb?: DuckDBSession;
  /** Where remote (non-file://) data and checkpoint files are copied for DuckDB; default: OS temp dir. */
  cacheDirectory?: string;
  /** Bound on the bytes of copies in the cache directory, least recently used evicted first (default 2 GiB). */
  cacheMaxBytes?: number;
  /** Commits between checkpoints when the table has no `delta.checkpointInterval` (default 10). */
  checkpointInterval?: number;
}

/** What happened to the checkpoint due after a commit. */
export type CheckpointOutcome = { status: 'written'; checkpoint: CheckpointWritten } | { status: 'failed'; error: Error };

/** A result, plus the checkpoint written after its commit when one was due. */
export type WithCheckpoint<R> = R & { checkpoint?: CheckpointOutcome };
export type TableAppendResult = WithCheckpoint<AppendResult>;

/** Rows as plain objects keyed by column name (interfaces welcome), or an Arrow table. */
export type WriteData = readonly object[] | ArrowTable;

function writeInput(data: WriteData): WriteInput {
  if (data instanceof ArrowTable) return { rows: arrowTableToRows(data), columnTypes: arrowColumnTypes(data) };
  return { rows: data as readonly Readonly<Record<string, unknown>>[] };
}

export type SnapshotTarget = { version: number } | { timestamp: Date | number };

export interface OpenOptions extends DeltaTableOptions {
  /** Open at this version (read-only time travel). */
  version?: number;
  /** Open at the latest version committed at or before this time (read-only time travel). */
  timestamp?: Date | number;
}

function epochMillis(value: Date | number): number {
  return value instanceof Date ? value.getTime() : value;
}

/** A Delta table in an ObjectStore: snapshots, time travel and scans. */
export class DeltaTable {
  private constructor(
    private readonly context: TableContext,
    private loaded: LoadedSnapshot,
    /** Set when the table was opened at a fixed version or timestamp. */
    private readonly pinned: boolean,
    private readonly ownsDuckDB: boolean,
    private readonly defaultCheckpointInterval: number,
  ) {}

  private static async context(store: ObjectStore, options: DeltaTableOptions): Promise<{ context: TableContext; ownsDuckDB: boolean }> {
    const duckdb = options.duckdb ?? (await DuckDBSession.create());
    const context: TableContext = {
      uri: store.uri,
      store,
      duckdb,
      cache: new LocalFileCache(store, {
        ...(options.cacheDirectory === undefined ? {} : { directory: options.cacheDirectory }),
        ...(options.cacheMaxBytes === undefined ? {} : { maxBytes: options.cacheMaxBytes }),
      }),
      paths: new DataFilePaths(store.uri),
    };
    return { context, ownsDuckDB: options.duckdb === undefined };
  }

  /** Opens the table at its latest version, or at `version` / `timestamp`. */
  static async open(store: ObjectStore, options: OpenOptions = {}): Promise<DeltaTable> {
    const { context, ownsDuckDB } = await DeltaTable.context(store, options);
    try {
      const pinned = options.version !== undefined || options.timestamp !== undefined;
      const loaded = pinned
        ? await loadPinned(context, options.version !== undefined ? { version: options.version } : { timestamp: options.timestamp as Date | number })
        : await loadLatestSnapshot(context);
      return new DeltaTable(context, loaded, pinned, ownsDuckDB, options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL);
    } catch (error) {
      if (ownsDuckDB) await context.duckdb.close();
      throw error;
    }
  }

  /**
   * Creates a table (protocol 1/2) with commit 0 written by putIfAbsent, and opens it. Fails with
   * TableAlreadyExistsError when `_delta_log/` is not empty or a concurrent creator won.
   */
  static async create(store: ObjectStore, definition: TableDefinition, options: DeltaTableOptions = {}): Promise<DeltaTable> {
    await createTableLog(store, definition);
    return DeltaTable.open(store, options);
  }

  get uri(): string {
    return this.context.uri;
  }

  /** The DuckDB session scans run in. */
  get duckdb(): DuckDBSession {
    return this.context.duckdb;
  }

  /** The snapshot loaded last (by open, refresh or a commit of this instance). */
  snapshot(): Snapshot {
    return this.loaded.snapshot;
  }

  /** Loads commits made since the current snapshot (by anyone) and returns the new snapshot. */
  async refresh(): Promise<Snapshot> {
    if (this.pinned) return this.loaded.snapshot;
    this.adopt(await updateSnapshot(this.context, this.loaded));
    return this.loaded.snapshot;
  }

  /** The table at another version or time, without changing this instance's current snapshot. */
  async snapshotAt(target: SnapshotTarget): Promise<Snapshot> {
    return (await loadPinned(this.context, target)).snapshot;
  }

  /**
   * A DuckDB query over the live files of `snapshot` (default: the current one), run it in
   * `table.duckdb`. A filter prunes partitions and skips files by their statistics.
   */
  async scan(options: ScanOptions & { snapshot?: Snapshot } = {}): Promise<ScanPlan> {
    return planScan(this.context, options.snapshot ?? this.loaded.snapshot, options);
  }

  /**
   * Appends rows (plain objects keyed by column name, or an Arrow table) in one atomic commit,
   * after checking every row against the schema. With `txn`, the (appId, version) pair is
   * committed with the data and a batch whose version the table already has is skipped. With
   * `mergeSchema`, new columns are added (nullable) in the same commit. Writes a checkpoint when
   * the new version is a multiple of the checkpoint interval.
   */
  async append(data: WriteData, options: AppendOptions = {}): Promise<TableAppendResult> {
    const start = await this.writableSnapshot();
    const { result, loaded } = await appendRows(this.context, start, writeInput(data), options);
    return this.afterCommit(result, loaded);
  }

  /**
   * Replaces the whole table, or with `replaceWhere` exactly the partitions matching it, by `data`
   * in one commit (remove actions for the old files, add actions for the new ones, the txns if
   * any). A concurrent commit adding to or removing from those partitions is a CommitConflictError.
   */
  async overwrite(data: WriteData, options: OverwriteOptions = {}): Promise<WithCheckpoint<OverwriteResult>> {
    const start = await this.writableSnapshot();
    const { result, loaded } = await overwriteRows(this.context, start, writeInput(data), options);
    return this.afterCommit(result, loaded);
  }

  /**
   * Appends the rows of a DuckDB query, run in `table.duckdb` (its temp tables and views are
   * visible), in one atomic commit, without the rows passing through JS. The query's columns are
   * matched by name to the table's and must convert exactly to their types (QueryWriteError /
   * SchemaMismatchError otherwise, before anything is written; see query-columns.ts); one COPY
   * writes every partition's files with their statistics. Txns work as for `append`; no
   * `mergeSchema`.
   */
  async appendQuery(sql: string, options: QueryWriteOptions = {}): Promise<TableAppendResult> {
    const start = await this.writableSnapshot();
    const { result, loaded } = await appendQuery(this.context, start, { sql }, options);
    return this.afterCommit(result, loaded);
  }

  /**
   * Appends Parquet files encoded elsewhere (in memory, data columns only), in one atomic commit,
   * each under its partition's directory with `add` statistics taken from the statistics it comes
   * with. Partition columns and values, non-nullable columns, row counts and statistics are
   * checked before anything is uploaded (SchemaMismatchError naming each file at fault); the files
   * themselves are not read back. Txns work as for `append`; no `mergeSchema`.
   */
  async appendFiles(files: readonly PreparedDataFile[], options: AppendFilesOptions = {}): Promise<TableAppendResult> {
    const start = await this.writableSnapshot();
    const { result, loaded } = await appendFiles(this.context, start, files, options);
    return this.afterCommit(result, loaded);
  }

  /**
   * `overwrite` with the rows of a DuckDB query (see appendQuery): the whole table, or with
   * `replaceWhere` exactly the matching partitions, in one commit; a row outside them is a
   * ReplaceWhereMismatchError and nothing is committed.
   */
  async overwriteQuery(sql: string, options: QueryOverwriteOptions = {}): Promise<WithCheckpoint<OverwriteResult>> {
    const start = await this.writableSnapshot();
    const { result, loaded } = await overwriteQuery(this.context, start, { sql }, options);
    return this.afterCommit(result, loaded);
  }

  /**
   * DELETE WHERE every predicate holds: files without matching rows (pruned by partition values
   * and statistics, or counted) are untouched, files entirely matching are removed, the others
   * rewritten without the matching rows, in one commit.
   */
  async delete(predicate: readonly ScanPredicate[], options: DeleteOptions = {}): Promise<WithCheckpoint<DeleteResult>> {
    const start = await this.writableSnapshot();
    const { result, loaded } = await deleteRows(this.context, start, predicate, options);
    return this.afterCommit(result, loaded);
  }

  /** Compacts small files per partition into files of up to `targetSize` bytes, in one `dataChange: false` commit. */
  async optimize(options: OptimizeOptions = {}): Promise<WithCheckpoint<OptimizeResult>> {
    const start = await this.writableSnapshot();
    const { result, loaded } = await optimizeTable(this.context, start, options);
    return this.afterCommit(result, loaded);
  }

  /**
   * ALTER TABLE SET TBLPROPERTIES: sets these properties (other keys keep their values) in a
   * commit of the new metaData alone. `delta.*` keys are limited to the ones `create` accepts and
   * checked the same way (TablePropertyError). 'unchanged' when every value is already set.
   */
  async setProperties(properties: Readonly<Record<string, string>>, options: PropertiesOptions = {}): Promise<WithCheckpoint<PropertiesResult>> {
    const start = await this.writableSnapshot();
    const { result, loaded } = await alterTableProperties(this.context, start, { kind: 'set', properties }, options);
    return this.afterCommit(result, loaded);
  }

  /** ALTER TABLE UNSET TBLPROPERTIES IF EXISTS: removes these keys; 'unchanged' when none is set. */
  async unsetProperties(keys: readonly string[], options: PropertiesOptions = {}): Promise<WithCheckpoint<PropertiesResult>> {
    const start = await this.writableSnapshot();
    const { result, loaded } = await alterTableProperties(this.context, start, { kind: 'unset', keys }, options);
    return this.afterCommit(result, loaded);
  }

  /** Deletes data files no retained version references and older than the retention (see vacuum.ts). */
  async vacuum(options: VacuumOptions = {}): Promise<VacuumResult> {
    return vacuumTable(this.context, await this.writableSnapshot(), options);
  }

  /** Deletes log files older than `delta.logRetentionDuration` that no version within it needs (see log-cleanup.ts). */
  async cleanupLog(options: LogCleanupOptions = {}): Promise<LogCleanupResult> {
    return cleanupExpiredLog(this.context, await this.writableSnapshot(), options);
  }

  /** The latest snapshot, for a write (refused on a table opened for time travel). */
  private async writableSnapshot(): Promise<LoadedSnapshot> {
    if (this.pinned) throw new ReadOnlySnapshotError(this.uri, this.loaded.snapshot.version);
    this.adopt(await updateSnapshot(this.context, this.loaded));
    return this.loaded;
  }

  /** Adopts the snapshot after a commit and writes the checkpoint when one is due. */
  private async afterCommit<R extends { status: string; version?: number }>(result: R, loaded: LoadedSnapshot): Promise<WithCheckpoint<R>> {
    this.adopt(loaded);
    if (result.status !== 'committed' || result.version === undefined) return result;
    const interval = checkpointInterval(loaded.snapshot.configuration, this.defaultCheckpointInterval);
    if (result.version === 0 || result.version % interval !== 0) return result;
    try {
      return { ...result, checkpoint: { status: 'written', checkpoint: await writeCheckpoint(this.context, loaded) } };
    } catch (error) {
      // The commit has landed; a missing checkpoint only slows readers down, so it is reported, not thrown.
      return { ...result, checkpoint: { status: 'failed', error: error as Error } };
    }
  }

  /** Writes a classic checkpoint of the current snapshot and updates `_last_checkpoint`. */
  async checkpoint(): Promise<CheckpointWritten> {
    if (this.pinned) throw new ReadOnlySnapshotError(this.uri, this.loaded.snapshot.version);
    return writeCheckpoint(this.context, this.loaded);
  }

  /** Keeps the newer of the current and `loaded` snapshots (concurrent calls may finish out of order). */
  private adopt(loaded: LoadedSnapshot): void {
    if (loaded.snapshot.version > this.loaded.snapshot.version) this.loaded = loaded;
  }

  /** Releases the DuckDB session if this table created it. */
  async close(): Promise<void> {
    if (this.ownsDuckDB) await this.context.duckdb.close();
  }
}

async function loadPinned(context: TableContext, target: SnapshotTarget): Promise<LoadedSnapshot> {
  const listing = await listLog(context.store);
  if (listing.commits.length === 0 && listing.checkpoints.length === 0) throw new TableNotFoundError(context.uri);
  const version = 'version' in target ? target.version : await versionAtTimestamp(context, listing, epochMillis(target.timestamp));
  return loadSnapshotAt(context, version, listing);
}
