import { mapWithConcurrency, NotFoundError } from '@music/storage';
import type {
  AddAction,
  DeltaAction,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
  TxnAction,
} from './actions';
import { readCheckpoint } from './checkpoint-reader';
import { readCommitActions } from './commit-reader';
import type { FileLocation } from './data-file-paths';
import { InvalidDeltaLogError, TableNotFoundError, VersionNotFoundError } from './delta-errors';
import { findField, isPrimitiveType, parseSchemaString, type StructType } from './delta-schema';
import { parseFileStats, type FileStats } from './file-stats';
import { readLastCheckpoint } from './last-checkpoint';
import { commitKey, listLog, listLogFrom, probeCommitsAfter, probeLogFromCheckpoint, selectLogSegment, type LogFile, type LogListing, type LogSegment } from './log-listing';
import { LogReplay } from './log-replay';
import { parsePartitionValue } from './partition-values';
import { assertReadable } from './protocol-support';
import type { DeltaScalar } from './scalar-values';
import type { TableContext } from './table-context';

/** A data file of the snapshot: its `add` action, where it is, typed partition values and stats. */
export interface LiveFile {
  add: AddAction;
  location: FileLocation;
  /** Typed partition values (representation in scalar-values.ts); null for a null partition. */
  partitionValues: Readonly<Record<string, DeltaScalar>>;
  /** Parsed `add.stats` (on first access); undefined when absent or unusable. */
  readonly stats: FileStats | undefined;
}

/** The state of a table at one version. */
export interface Snapshot {
  /** Table root URI. */
  table: string;
  version: number;
  /**
   * Commit time of `version`, epoch ms: the `inCommitTimestamp` of its commitInfo when in-commit
   * timestamps are enabled, otherwise the modification time of its commit file (of its checkpoint
   * when the commit file is gone).
   */
  timestamp: number;
  protocol: ProtocolAction;
  metadata: MetadataAction;
  schema: StructType;
  partitionColumns: readonly string[];
  configuration: Readonly<Record<string, string>>;
  files: readonly LiveFile[];
  /** `remove` actions still in the state (kept for VACUUM and checkpoints). */
  tombstones: readonly RemoveAction[];
  /** Latest `txn` per appId. */
  txns: ReadonlyMap<string, TxnAction>;
  /** Live domain metadata per domain (parsed and carried, not interpreted). */
  domainMetadata: ReadonlyMap<string, DomainMetadataAction>;
}

/** A snapshot plus the replay state it came from, so that later commits can be applied to it. */
export interface LoadedSnapshot {
  snapshot: Snapshot;
  replay: LogReplay;
  /** Live files by reconciliation key, reused by later snapshots while schema is unchanged. */
  liveFiles: ReadonlyMap<string, LiveFile>;
}

const COMMIT_FETCH_CONCURRENCY = 8;

/** The LiveFile of an `add` action under `schema`; `source` names the log file in errors. */
export function toLiveFile(context: TableContext, add: AddAction, schema: StructType, partitionColumns: readonly string[], source: string): LiveFile {
  const partitionValues: Record<string, DeltaScalar> = {};
  for (const column of partitionColumns) {
    const field = findField(schema, column);
    if (!Object.hasOwn(add.partitionValues, column)) {
      throw new InvalidDeltaLogError(context.uri, source, `add ${add.path} has no value for partition column ${column}`);
    }
    try {
      partitionValues[column] = parsePartitionValue(column, add.partitionValues[column], field?.type ?? 'string');
    } catch (error) {
      throw new InvalidDeltaLogError(context.uri, source, `add ${add.path}: ${(error as Error).message}`, { cause: error });
    }
  }
  // Statistics are parsed on first use: opening a table of many files must not pay for all of them.
  let stats: FileStats | undefined | null = add.stats === undefined ? undefined : null;
  return {
    add,
    location: context.paths.locate(add.path),
    partitionValues,
    get stats(): FileStats | undefined {
      if (stats === null) stats = parseFileStats(add.stats as string, schema);
      return stats;
    },
  };
}

function buildSnapshot(
  context: TableContext,
  replay: LogReplay,
  timestamp: number,
  previous: LoadedSnapshot | undefined,
): LoadedSnapshot {
  const { protocol, metadata } = replay;
  if (!protocol) throw new InvalidDeltaLogError(context.uri, undefined, `no protocol action in the log up to version ${replay.version}`);
  if (!metadata) throw new InvalidDeltaLogError(context.uri, undefined, `no metaData action in the log up to version ${replay.version}`);
  const configuration = metadata.configuration ?? {};
  assertReadable(context.uri, protocol, configuration);
  if (replay.sidecars.length > 0) {
    throw new InvalidDeltaLogError(context.uri, undefined, 'the checkpoint references sidecar files (V2 checkpoint), which this library does not read');
  }
  const metadataSource = replay.metadataSource ?? 'metaData';
  const { schemaString } = metadata;
  if (schemaString === undefined) throw new InvalidDeltaLogError(context.uri, metadataSource, 'the table metaData has no schemaString');
  let schema: StructType;
  try {
    schema = parseSchemaString(schemaString);
  } catch (error) {
    throw new InvalidDeltaLogError(context.uri, metadataSource, `metaData.schemaString: ${(error as Error).message}`, { cause: error });
  }
  for (const column of metadata.partitionColumns) {
    const field = findField(schema, column);
    if (!field) throw new InvalidDeltaLogError(context.uri, metadataSource, `partition column ${column} is not in the schema`);
    if (!isPrimitiveType(field.type)) throw new InvalidDeltaLogError(context.uri, metadataSource, `partition column ${column} is not of a primitive type`);
  }
  const reuse =
    previous !== undefined &&
    previous.snapshot.metadata.schemaString === metadata.schemaString &&
    previous.snapshot.partitionColumns.join('\u0000') === metadata.partitionColumns.join('\u0000');
  const liveFiles = new Map<string, LiveFile>();
  for (const [key, add] of replay.files) {
    const known = reuse ? previous.liveFiles.get(key) : undefined;
    const source = replay.fileSources.get(key) ?? `version ${replay.version}`;
    liveFiles.set(key, known && known.add === add ? known : toLiveFile(context, add, schema, metadata.partitionColumns, source));
  }
  const snapshot: Snapshot = {
    table: context.uri,
    version: replay.version,
    timestamp,
    protocol,
    metadata,
    schema,
    partitionColumns: metadata.partitionColumns,
    configuration,
    files: [...liveFiles.values()],
    tombstones: [...replay.tombstones.values()],
    txns: new Map(replay.txns),
    domainMetadata: new Map(replay.domains),
  };
  return { snapshot, replay, liveFiles };
}

function inCommitTimestampsEnabled(replay: LogReplay): boolean {
  return replay.metadata?.configuration?.['delta.enableInCommitTimestamps']?.toLowerCase() === 'true';
}

function snapshotTimestamp(replay: LogReplay, segment: LogSegment): number {
  const ict = replay.lastCommitInfo?.inCommitTimestamp;
  if (inCommitTimestampsEnabled(replay) && ict !== undefined) return ict;
  const lastCommit = segment.commits.at(-1);
  if (lastCommit && lastCommit.version === segment.version) return lastCommit.lastModified;
  return segment.checkpoint?.files[0]?.lastModified ?? 0;
}

/** Called with each commit's actions before they are applied (conflict checks look at them). */
export type CommitInspector = (commit: LogFile, actions: readonly DeltaAction[]) => void;

async function replayCommits(context: TableContext, replay: LogReplay, commits: readonly LogFile[], inspect?: CommitInspector): Promise<void> {
  const contents = await mapWithConcurrency(commits, COMMIT_FETCH_CONCURRENCY, (commit) => readCommitActions(context, commit.key));
  commits.forEach((commit, index) => {
    const actions = contents[index] ?? [];
    inspect?.(commit, actions);
    replay.applyCommit(commit.version, actions, commit.key);
  });
}

async function replaySegment(context: TableContext, segment: LogSegment): Promise<LoadedSnapshot> {
  const replay = new LogReplay(context.uri, context.paths);
  const { checkpoint } = segment;
  if (checkpoint) {
    const actions = await readCheckpoint({ table: context.uri, store: context.store, duckdb: context.duckdb, cache: context.cache }, checkpoint);
    replay.applyCheckpoint(checkpoint.version, actions, checkpoint.files.map((file) => file.key).join(', '));
    const source = checkpoint.files[0]?.key;
    if (!replay.protocol) throw new InvalidDeltaLogError(context.uri, source, 'checkpoint without a protocol action');
    if (!replay.metadata) throw new InvalidDeltaLogError(context.uri, source, 'checkpoint without a metaData action');
  }
  await replayCommits(context, replay, segment.commits);
  if (inCommitTimestampsEnabled(replay) && replay.lastCommitInfo === undefined && segment.checkpoint?.version === segment.version) {
    // Checkpoints drop commitInfo: the in-commit timestamp lives in the commit file of that version.
    const actions = await readCommitActions(context, commitKey(segment.version)).catch((error: unknown) => {
      if (error instanceof NotFoundError) return [];
      throw error;
    });
    const info = actions.find((action) => action.kind === 'commitInfo');
    if (info?.kind === 'commitInfo') replay.lastCommitInfo = info.value;
  }
  return buildSnapshot(context, replay, snapshotTimestamp(replay, segment), undefined);
}

/**
 * The log for the latest version: from the checkpoint the `_last_checkpoint` hint names, found by
 * HEAD requests (a listing of the versions from it when that fails), otherwise the whole `_delta_log/`.
 */
async function listForLatest(context: TableContext): Promise<LogListing> {
  const hint = await readLastCheckpoint(context.store);
  if (hint.status === 'valid') {
    const probed = await probeLogFromCheckpoint(context.store, hint.value);
    if (probed) return probed;
    const listing = await listLogFrom(context.store, hint.value.version);
    if (listing.checkpoints.some((checkpoint) => checkpoint.version === hint.value.version)) return listing;
  }
  return listLog(context.store);
}

export async function loadLatestSnapshot(context: TableContext): Promise<LoadedSnapshot> {
  const listing = await listForLatest(context);
  return replaySegment(context, selectLogSegment(context.uri, listing));
}

export async function loadSnapshotAt(context: TableContext, version: number, listing?: LogListing): Promise<LoadedSnapshot> {
  const full = listing ?? (await listLog(context.store));
  if (full.commits.length === 0 && full.checkpoints.length === 0) throw new TableNotFoundError(context.uri);
  return replaySegment(context, selectLogSegment(context.uri, full, version));
}

/**
 * Applies the commits after `loaded.snapshot.version`; returns `loaded` itself when there is none.
 * A snapshot older than the log retention may find its next commits cleaned up while the table
 * went on: a reader then loads the latest snapshot afresh; a commit reviewing the winners it
 * raced (`inspect`) cannot, and fails with VersionNotFoundError.
 */
export async function updateSnapshot(context: TableContext, loaded: LoadedSnapshot, inspect?: CommitInspector): Promise<LoadedSnapshot> {
  const from = loaded.snapshot.version;
  let commits = await probeCommitsAfter(context.store, from);
  if (commits === undefined) commits = (await listLogFrom(context.store, from)).commits.filter((commit) => commit.version > from);
  if (commits[0]?.version !== from + 1 && (await movedPast(context, from))) {
    if (inspect) throw new VersionNotFoundError(context.uri, `the commits after version ${from} were cleaned up (past delta.logRetentionDuration): the winners of this commit cannot be reviewed`);
    return loadLatestSnapshot(context);
  }
  if (commits.length === 0) return loaded;
  commits.forEach((commit, index) => {
    if (commit.version !== from + index + 1) {
      throw new InvalidDeltaLogError(context.uri, commit.key, `missing commit ${from + index + 1}: versions are not contiguous`);
    }
  });
  const replay = loaded.replay.clone();
  await replayCommits(context, replay, commits, inspect);
  const last = commits.at(-1) as LogFile;
  const ict = replay.lastCommitInfo?.inCommitTimestamp;
  const timestamp = inCommitTimestampsEnabled(replay) && ict !== undefined ? ict : last.lastModified;
  return buildSnapshot(context, replay, timestamp, loaded);
}

/** Whether a checkpoint newer than `version` exists, by the `_last_checkpoint` hint: the log went on past it. */
async function movedPast(context: TableContext, version: number): Promise<boolean> {
  const hint = await readLastCheckpoint(context.store);
  return hint.status === 'valid' && hint.value.version > version;
}

/** The snapshot after a commit of ours at `version` (the actions we wrote, applied locally). */
export function applyOwnCommit(
  context: TableContext,
  loaded: LoadedSnapshot,
  version: number,
  actions: readonly DeltaAction[],
  timestamp: number,
): LoadedSnapshot {
  const replay = loaded.replay.clone();
  replay.applyCommit(version, actions, `version ${version}`);
  return buildSnapshot(context, replay, timestamp, loaded);
}
