import { mapWithConcurrency } from '@music/storage';
import { VacuumRetentionError } from './delta-errors';
import { hoursOrDefault } from './retention-hours';
import type { LoadedSnapshot } from './snapshot';
import type { TableContext } from './table-context';
import { deletedFileRetentionMillis } from './table-properties';
import { assertTableWritable } from './transaction';

/**
 * VACUUM: deletes the data files that no retained version needs. A file is kept when the current
 * snapshot references it, when its `remove` is more recent than the retention (versions within
 * the retention may still read it), or when it is younger than the retention, and at least an
 * hour for a file no version references (a writer may be about to commit it). Everything else
 * under the table root is deleted: files removed longer ago, and files never committed at all
 * (orphans of crashed writers). Hidden paths (a segment starting with `_` or `.`, so
 * `_delta_log/` among them) are never touched. A retention shorter than
 * `delta.deletedFileRetentionDuration` (default 7 days) is refused unless forced. The log is
 * cleaned up by log-cleanup.ts. The local cache copies of the deleted files (remote stores) are deleted too:
 * VACUUM is what makes removed rows unrecoverable (user erasure), a copy must not outlive them.
 */

export interface VacuumOptions {
  /** Default: the table's `delta.deletedFileRetentionDuration` (7 days when unset). */
  retentionHours?: number;
  /** List what would be deleted without deleting anything. */
  dryRun?: boolean;
  /** Allow a retention shorter than the table's `delta.deletedFileRetentionDuration`. */
  force?: boolean;
  /**
   * Files no version references (a writer's upload not committed yet, or a crashed writer's) are
   * kept at least this long whatever the retention (default 1 h, ORPHAN_MIN_AGE_MS); 0 only when
   * no writer can be running, which delta-rs and Spark assume for a short retention.
   */
  orphanMinAgeHours?: number;
}

export interface VacuumedFile {
  /** Key relative to the table root. */
  key: string;
  size: number;
  /** `removed`: removed from the table longer than the retention ago; `orphan`: never in the retained log. */
  reason: 'removed' | 'orphan';
}

export interface VacuumResult {
  dryRun: boolean;
  /** Version of the snapshot the decision was made on. */
  version: number;
  retentionHours: number;
  /** Files deleted (in a dry run: that would be deleted). */
  files: readonly VacuumedFile[];
  bytes: number;
  /** Data files kept: referenced, recently removed or recent. */
  filesKept: number;
}

const DELETE_CONCURRENCY = 8;
/** Uncommitted files younger than this are never deleted (see vacuumTable). */
export const ORPHAN_MIN_AGE_MS = 3_600_000;

function isHidden(key: string): boolean {
  return key.split('/').some((segment) => (segment.startsWith('_') || segment.startsWith('.')) && !segment.includes('='));
}

export async function vacuumTable(context: TableContext, loaded: LoadedSnapshot, options: VacuumOptions = {}): Promise<VacuumResult> {
  const { snapshot } = loaded;
  assertTableWritable(context, snapshot);
  const minimum = deletedFileRetentionMillis(snapshot.configuration);
  const retention = hoursOrDefault(context.uri, 'VACUUM retentionHours', options.retentionHours, minimum);
  if (retention < minimum && !options.force) throw new VacuumRetentionError(context.uri, retention, minimum);
  const cutoff = Date.now() - retention;

  const referenced = new Set<string>();
  for (const file of snapshot.files) if (file.location.kind === 'table') referenced.add(file.location.key);
  const expired = new Set<string>();
  for (const tombstone of snapshot.tombstones) {
    const location = context.paths.locate(tombstone.path);
    if (location.kind !== 'table') continue;
    if ((tombstone.deletionTimestamp ?? 0) > cutoff) referenced.add(location.key);
    else expired.add(location.key);
  }

  // A file no version knows may be one a writer is about to commit: whatever the retention, it is
  // kept ORPHAN_MIN_AGE_MS by default, so that a forced short retention beside a live ingest loses no batch.
  const orphanMinAge = hoursOrDefault(context.uri, 'VACUUM orphanMinAgeHours', options.orphanMinAgeHours, ORPHAN_MIN_AGE_MS);
  const orphanCutoff = Math.min(cutoff, Date.now() - orphanMinAge);
  const files: VacuumedFile[] = [];
  let filesKept = 0;
  for (const object of await context.store.list('')) {
    if (isHidden(object.key)) continue;
    if (referenced.has(object.key) || object.lastModified > (expired.has(object.key) ? cutoff : orphanCutoff)) {
      filesKept++;
      continue;
    }
    files.push({ key: object.key, size: object.size, reason: expired.has(object.key) ? 'removed' : 'orphan' });
  }
  if (!options.dryRun) {
    await mapWithConcurrency(files, DELETE_CONCURRENCY, (file) => context.store.delete(file.key));
    await context.cache.evict(files.map((file) => file.key));
  }
  return {
    dryRun: options.dryRun === true,
    version: snapshot.version,
    retentionHours: retention / 3_600_000,
    files,
    bytes: files.reduce((total, file) => total + file.size, 0),
    filesKept,
  };
}
