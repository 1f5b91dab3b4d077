import { mapWithConcurrency } from '@music/storage';
import { classifyLogEntries, LOG_PREFIX } from './log-listing';
import { hoursOrDefault } from './retention-hours';
import type { LoadedSnapshot } from './snapshot';
import type { TableContext } from './table-context';
import { expiredLogCleanupEnabled, logRetentionMillis } from './table-properties';
import { commitTimes } from './time-travel';
import { assertTableWritable } from './transaction';

/**
 * Expired log cleanup (Delta's `delta.logRetentionDuration`, 30 days by default): a table written
 * every second gains 86,400 commit files a day, and every listing of `_delta_log/` on a local
 * disk reads them all. Every version committed within the retention stays readable: the newest
 * checkpoint K at or below the oldest such version is kept with every log file after it, and the
 * log files of versions below K whose modification time is past the retention are deleted. No
 * reader of version K or later needs them, so readers never notice, even mid-cleanup; versions
 * below K can no longer be read (time travel answers VersionNotFoundError). Data files are
 * VACUUM's business, not this one's.
 */

export interface LogCleanupOptions {
  /** Default: the table's `delta.logRetentionDuration` (30 days when unset). */
  retentionHours?: number;
  /** List what would be deleted without deleting anything. */
  dryRun?: boolean;
}

export interface LogCleanupResult {
  dryRun: boolean;
  retentionHours: number;
  /**
   * The oldest version readable after the cleanup (its checkpoint), or undefined when nothing
   * could be cleaned: no checkpoint old enough, or `delta.enableExpiredLogCleanup=false`.
   */
  oldestKeptVersion: number | undefined;
  /** Log files deleted (in a dry run: that would be deleted), oldest version first. */
  files: readonly { key: string; version: number; size: number }[];
  bytes: number;
  /** Why nothing was deleted, when nothing was. */
  skipped?: string;
}

/** Any versioned file of the log: commits, checkpoints (all kinds, even incomplete parts), checksums. */
const VERSIONED_LOG_FILE = /^(\d{20})\.[^/]+$/;

export async function cleanupExpiredLog(context: TableContext, loaded: LoadedSnapshot, options: LogCleanupOptions = {}): Promise<LogCleanupResult> {
  const { snapshot } = loaded;
  assertTableWritable(context, snapshot);
  const retention = hoursOrDefault(context.uri, 'log cleanup retentionHours', options.retentionHours, logRetentionMillis(snapshot.configuration));
  const dryRun = options.dryRun === true;
  const nothing = (skipped: string): LogCleanupResult => ({ dryRun, retentionHours: retention / 3_600_000, oldestKeptVersion: undefined, files: [], bytes: 0, skipped });
  if (!expiredLogCleanupEnabled(snapshot.configuration)) return nothing('delta.enableExpiredLogCleanup is false');

  const entries = await context.store.list(LOG_PREFIX);
  const listing = classifyLogEntries(entries);
  const cutoff = Date.now() - retention;
  // The oldest version to keep readable: the first committed after the cutoff, else the latest.
  const times = commitTimes(listing);
  const oldestRetained = times.find((time) => time.timestamp > cutoff)?.version ?? Math.max(snapshot.version, times.at(-1)?.version ?? 0);
  const keep = listing.checkpoints.filter((checkpoint) => checkpoint.version <= oldestRetained).at(-1);
  if (!keep) return nothing(`no checkpoint at or below version ${oldestRetained}, the oldest version within the retention`);

  const files: { key: string; version: number; size: number }[] = [];
  for (const entry of entries) {
    const match = VERSIONED_LOG_FILE.exec(entry.key.slice(LOG_PREFIX.length));
    if (!match) continue;
    const version = Number(match[1]);
    // A file written after the cutoff is kept even below K (a late checkpoint, a skewed clock): it harms nothing.
    if (version < keep.version && entry.lastModified <= cutoff) files.push({ key: entry.key, version, size: entry.size });
  }
  files.sort((a, b) => a.version - b.version || (a.key < b.key ? -1 : 1));
  if (!dryRun) await mapWithConcurrency(files, DELETE_CONCURRENCY, (file) => context.store.delete(file.key));
  return {
    dryRun,
    retentionHours: retention / 3_600_000,
    oldestKeptVersion: keep.version,
    files,
    bytes: files.reduce((total, file) => total + file.size, 0),
    ...(files.length === 0 ? { skipped: `no log file below version ${keep.version} is older than the retention` } : {}),
  };
}

const DELETE_CONCURRENCY = 8;
