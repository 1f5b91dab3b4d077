import type { ObjectMeta, ObjectStore } from '@music/storage';
import { InvalidDeltaLogError, TableNotFoundError, VersionNotFoundError } from './delta-errors';

/** The `_delta_log/` folder: file names, listing, and the choice of files that make a snapshot. */

export const LOG_PREFIX = '_delta_log/';
export const LAST_CHECKPOINT_KEY = `${LOG_PREFIX}_last_checkpoint`;

const VERSION_DIGITS = 20;
/** Listing granularity when starting from a known version: one key prefix covers 100 versions. */
const VERSIONS_PER_PREFIX = 100;

export function formatVersion(version: number): string {
  return String(version).padStart(VERSION_DIGITS, '0');
}

export function commitKey(version: number): string {
  return `${LOG_PREFIX}${formatVersion(version)}.json`;
}

export function classicCheckpointKey(version: number): string {
  return `${LOG_PREFIX}${formatVersion(version)}.checkpoint.parquet`;
}

export interface LogFile {
  key: string;
  version: number;
  size: number;
  lastModified: number;
}

export type CheckpointKind = 'classic' | 'multi-part' | 'uuid-named';

export interface Checkpoint {
  version: number;
  kind: CheckpointKind;
  format: 'parquet' | 'json';
  /** Every file of the checkpoint, parts in order. */
  files: LogFile[];
}

export interface LogListing {
  /** Versions below this were not listed (listing started from a `_last_checkpoint` hint). */
  listedFrom: number;
  /** Commit files by version, ascending. */
  commits: LogFile[];
  /** Complete checkpoints, ascending by version; incomplete multi-part checkpoints are left out. */
  checkpoints: Checkpoint[];
}

const COMMIT_NAME = /^(\d{20})\.json$/;
const CLASSIC_CHECKPOINT_NAME = /^(\d{20})\.checkpoint\.parquet$/;
const MULTI_PART_CHECKPOINT_NAME = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/;
const UUID_CHECKPOINT_NAME = /^(\d{20})\.checkpoint\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\.(json|parquet)$/;

function logFile(meta: ObjectMeta, version: number): LogFile {
  return { key: meta.key, version, size: meta.size, lastModified: meta.lastModified };
}

/** Sorts the entries of `_delta_log/` into commits and complete checkpoints. */
export function classifyLogEntries(entries: readonly ObjectMeta[], listedFrom = 0): LogListing {
  const commits: LogFile[] = [];
  const checkpoints: Checkpoint[] = [];
  const multiPart = new Map<string, { version: number; total: number; parts: Map<number, LogFile> }>();
  for (const meta of entries) {
    if (!meta.key.startsWith(LOG_PREFIX)) continue;
    const name = meta.key.slice(LOG_PREFIX.length);
    if (name.includes('/')) continue;
    let match: RegExpExecArray | null;
    if ((match = COMMIT_NAME.exec(name))) {
      commits.push(logFile(meta, Number(match[1])));
    } else if ((match = CLASSIC_CHECKPOINT_NAME.exec(name))) {
      const file = logFile(meta, Number(match[1]));
      checkpoints.push({ version: file.version, kind: 'classic', format: 'parquet', files: [file] });
    } else if ((match = MULTI_PART_CHECKPOINT_NAME.exec(name))) {
      const file = logFile(meta, Number(match[1]));
      const part = Number(match[2]);
      const total = Number(match[3]);
      const id = `${file.version}/${total}`;
      const entry = multiPart.get(id) ?? { version: file.version, total, parts: new Map<number, LogFile>() };
      entry.parts.set(part, file);
      multiPart.set(id, entry);
    } else if ((match = UUID_CHECKPOINT_NAME.exec(name))) {
      const file = logFile(meta, Number(match[1]));
      checkpoints.push({ version: file.version, kind: 'uuid-named', format: match[2] as 'json' | 'parquet', files: [file] });
    }
  }
  for (const { version, total, parts } of multiPart.values()) {
    const files: LogFile[] = [];
    for (let part = 1; part <= total; part++) {
      const file = parts.get(part);
      if (file) files.push(file);
    }
    // A multi-part checkpoint is not written atomically: readers must ignore one with missing parts.
    if (files.length === total && total > 0) checkpoints.push({ version, kind: 'multi-part', format: 'parquet', files });
  }
  commits.sort((a, b) => a.version - b.version);
  const preference: Record<CheckpointKind, number> = { classic: 0, 'multi-part': 1, 'uuid-named': 2 };
  checkpoints.sort((a, b) => a.version - b.version || preference[a.kind] - preference[b.kind]);
  return { listedFrom, commits, checkpoints };
}

export async function listLog(store: ObjectStore): Promise<LogListing> {
  return classifyLogEntries(await store.list(LOG_PREFIX));
}

/**
 * Lists only the versions from `fromVersion` on, one 100-version key prefix at a time. Commits
 * are contiguous, so the first prefix whose last version has no commit holds the latest version.
 */
export async function listLogFrom(store: ObjectStore, fromVersion: number): Promise<LogListing> {
  const firstBlock = Math.floor(fromVersion / VERSIONS_PER_PREFIX);
  const entries: ObjectMeta[] = [];
  for (let block = firstBlock; ; block++) {
    const prefix = `${LOG_PREFIX}${String(block).padStart(VERSION_DIGITS - 2, '0')}`;
    const listed = await store.list(prefix);
    entries.push(...listed);
    const lastKey = commitKey(block * VERSIONS_PER_PREFIX + VERSIONS_PER_PREFIX - 1);
    if (!listed.some((meta) => meta.key === lastKey)) break;
  }
  return classifyLogEntries(entries, firstBlock * VERSIONS_PER_PREFIX);
}

/** Commits probed per round after the first: HEAD requests sent together, one round trip. */
const PROBE_BATCH = 8;
/** Beyond this many new commits, a listing is cheaper than probing (and the caller lists). */
const MAX_PROBED = 1 + 8 * PROBE_BATCH;

/**
 * The commits after `afterVersion`, found by HEAD requests of their names instead of a listing:
 * on a local disk or HDFS a listing reads all of `_delta_log/` (hundreds of thousands of entries
 * for a table committed every second), a HEAD one entry. Commits are contiguous, so the first
 * missing name ends the log (a commit seen after a missing one is ignored: it was written during
 * the probe). One HEAD when nothing is new, then rounds of PROBE_BATCH in parallel; undefined
 * when more than MAX_PROBED commits are new, for the caller to list instead.
 */
export async function probeCommitsAfter(store: ObjectStore, afterVersion: number): Promise<LogFile[] | undefined> {
  const found: LogFile[] = [];
  let next = afterVersion + 1;
  for (let round = 1; next <= afterVersion + MAX_PROBED; round = PROBE_BATCH) {
    const versions = Array.from({ length: round }, (_, index) => next + index);
    const heads = await Promise.all(versions.map((version) => store.head(commitKey(version))));
    for (const [index, meta] of heads.entries()) {
      if (!meta) return found;
      found.push(logFile(meta, versions[index] as number));
    }
    next += round;
  }
  return undefined;
}

function multiPartCheckpointKey(version: number, part: number, parts: number): string {
  return `${LOG_PREFIX}${formatVersion(version)}.checkpoint.${String(part).padStart(10, '0')}.${String(parts).padStart(10, '0')}.parquet`;
}

/**
 * The log from the checkpoint a `_last_checkpoint` hint names, by HEAD requests only: its
 * classic or multi-part files, then the commits after it. Undefined when a file is not where the
 * hint says (another kind of checkpoint, a stale hint) or too many commits follow: list instead.
 */
export async function probeLogFromCheckpoint(store: ObjectStore, hint: { version: number; parts?: number }): Promise<LogListing | undefined> {
  const keys = hint.parts === undefined ? [classicCheckpointKey(hint.version)] : Array.from({ length: hint.parts }, (_, index) => multiPartCheckpointKey(hint.version, index + 1, hint.parts as number));
  // The checkpoint's own commit too: a stale hint whose log after it was cleaned up lacks it, and
  // its checkpoint alone would pass for the latest version.
  const [commit, ...heads] = await Promise.all([store.head(commitKey(hint.version)), ...keys.map((key) => store.head(key))]);
  if (!commit) return undefined;
  const files: LogFile[] = [];
  for (const meta of heads) {
    if (!meta) return undefined;
    files.push(logFile(meta, hint.version));
  }
  const commits = await probeCommitsAfter(store, hint.version);
  if (commits === undefined) return undefined;
  const checkpoint: Checkpoint = { version: hint.version, kind: hint.parts === undefined ? 'classic' : 'multi-part', format: 'parquet', files };
  return { listedFrom: hint.version, commits, checkpoints: [checkpoint] };
}

/** The files to replay for one version: a checkpoint (optional) and the commits after it. */
export interface LogSegment {
  version: number;
  checkpoint: Checkpoint | undefined;
  /** Commits checkpoint.version + 1 … version (or 0 … version without checkpoint), contiguous. */
  commits: LogFile[];
  /** The latest version present in the listing (≥ version). */
  latestVersion: number;
}

function latestVersion(listing: LogListing): number | undefined {
  const lastCommit = listing.commits.at(-1)?.version;
  const lastCheckpoint = listing.checkpoints.at(-1)?.version;
  if (lastCommit === undefined) return lastCheckpoint;
  if (lastCheckpoint === undefined) return lastCommit;
  return Math.max(lastCommit, lastCheckpoint);
}

/**
 * Chooses the newest complete checkpoint at or below the target version and the commits after
 * it, checking that they are contiguous. `target` defaults to the latest version.
 */
export function selectLogSegment(table: string, listing: LogListing, target?: number): LogSegment {
  const latest = latestVersion(listing);
  if (latest === undefined) throw new TableNotFoundError(table);
  const version = target ?? latest;
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new VersionNotFoundError(table, `version ${version} is not a valid table version`);
  }
  if (version > latest) {
    throw new VersionNotFoundError(table, `version ${version} does not exist: the latest version is ${latest}`);
  }
  if (version < listing.listedFrom) {
    throw new Error(`selectLogSegment: version ${version} is below the listed range (from ${listing.listedFrom})`);
  }
  const checkpoint = listing.checkpoints.filter((candidate) => candidate.version <= version).at(-1);
  const first = checkpoint ? checkpoint.version + 1 : 0;
  const byVersion = new Map(listing.commits.map((commit) => [commit.version, commit]));
  const commits: LogFile[] = [];
  for (let next = first; next <= version; next++) {
    const commit = byVersion.get(next);
    if (commit) {
      commits.push(commit);
      continue;
    }
    if (commits.length > 0) {
      const previous = (commits.at(-1) as LogFile).version;
      const following = listing.commits.find((candidate) => candidate.version > next)?.version;
      throw new InvalidDeltaLogError(
        table,
        commitKey(next),
        `missing commit: versions are not contiguous (${previous} is followed by ${following ?? 'nothing'})`,
      );
    }
    const earliest = listing.commits[0]?.version;
    throw new VersionNotFoundError(
      table,
      `version ${version} cannot be reconstructed: no checkpoint at or below it and commit ${next} is missing` +
        (earliest === undefined ? '' : ` (earliest commit present: ${earliest})`),
    );
  }
  return { version, checkpoint, commits, latestVersion: latest };
}
