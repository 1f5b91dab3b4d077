import type { ObjectStore } from '@music/storage';
import { Table as ArrowTable } from 'apache-arrow';
import { arrowTableToRows } from './arrow-rows';
import { writeCheckpoint, type CheckpointWritten } from './checkpoint-writer';
import { createTableLog, type TableDefinition } from './create-table';
import { DataFilePaths } from './data-file-paths';
import { ReadOnlySnapshotError, TableNotFoundError } from './delta-errors';
import { DuckDBSession } from './duckdb-session';
import { LocalFileCache } from './local-file-cache';
import { listLog } from './log-listing';
import { planScan, type ScanOptions, type ScanPlan } from './scan';
import { loadLatestSnapshot, loadSnapshotAt, updateSnapshot, type LoadedSnapshot, type Snapshot } from './snapshot';
import type { TableContext } from './table-context';
import { checkpointInterval, DEFAULT_CHECKPOINT_INTERVAL } from './table-properties';
import { versionAtTimestamp } from './time-travel';
import { appendRows, type AppendOptions, type AppendResult } from './transaction';

export interface DeltaTableOptions {
  /** A DuckDB session to share between tables; otherwise the table creates one and close() ends it. */
  duckdb?: DuckDBSession;
  /** Where remote (non-file://) data and checkpoint files are copied for DuckDB; default: OS temp dir. */
  cacheDirectory?: string;
  /** Commits between checkpoints when the table has no `delta.checkpointInterval` (default 10). */
  checkpointInterval?: number;
}

/** What happened to the checkpoint due after a commit. */
export type CheckpointOutcome = { status: 'written'; checkpoint: CheckpointWritten } | { status: 'failed'; error: Error };

/** AppendResult, plus the checkpoint written after the commit when one was due. */
export type TableAppendResult = AppendResult & { checkpoint?: CheckpointOutcome };

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
      cache: new LocalFileCache(store, options.cacheDirectory),
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
   * committed with the data and a batch whose version the table already has is skipped. Writes a
   * checkpoint when the new version is a multiple of the checkpoint interval.
   */
  async append(data: readonly Readonly<Record<string, unknown>>[] | ArrowTable, options: AppendOptions = {}): Promise<TableAppendResult> {
    if (this.pinned) throw new ReadOnlySnapshotError(this.uri, this.loaded.snapshot.version);
    const rows = data instanceof ArrowTable ? arrowTableToRows(data) : data;
    const start = await updateSnapshot(this.context, this.loaded);
    this.adopt(start);
    const { result, loaded } = await appendRows(this.context, start, rows, options);
    this.adopt(loaded);
    if (result.status !== 'committed') return result;
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
