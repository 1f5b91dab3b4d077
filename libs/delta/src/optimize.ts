import type { AddAction, DeltaAction, RemoveAction } from './actions';
import { DeltaError } from './delta-errors';
import { dataFields, writeQueryDataFile, type WrittenDataFile } from './parquet-writer';
import { fileKeys, removeAction } from './remove-actions';
import { replacedFiles, typeReplaceWhere } from './replace-where';
import { filesSql } from './scan';
import { predicateSql, type ScanPredicate } from './scan-filter';
import type { LiveFile, LoadedSnapshot, Snapshot } from './snapshot';
import { sqlIdentifier } from './sql-literals';
import type { TableContext } from './table-context';
import { assertTableWritable, commitWrittenFiles } from './transaction';

/**
 * OPTIMIZE (bin-packing compaction): in each partition, the files smaller than the target size are
 * grouped, smallest first, into bins of at most the target size, and each bin of two or more files
 * is rewritten as one file. Rows are unchanged, so one commit removes and adds the files with
 * `dataChange: false` (readers of the change feed and streaming readers skip it). Concurrent
 * appends never conflict with it; a concurrent commit removing one of the compacted files does.
 */

export const DEFAULT_OPTIMIZE_TARGET_SIZE = 128 * 1024 * 1024;

export interface OptimizeOptions {
  /** Bytes a compacted file may reach (default 128 MiB); files at or above it are left alone. */
  targetSize?: number;
  /** Only partitions matching every predicate (partition columns only). */
  where?: readonly ScanPredicate[];
  /**
   * Only partitions with at least this many files below the target size (default 2). Compacting a
   * partition makes readers of changes revisit its rows, so routine maintenance waits for enough
   * small files to be worth it.
   */
  minFiles?: number;
  maxCommitAttempts?: number;
}

export interface OptimizeMetrics {
  /** Partitions where files were compacted. */
  partitionsOptimized: number;
  /** Partitions left alone (a single small file, or nothing to merge). */
  partitionsSkipped: number;
  filesRemoved: number;
  filesAdded: number;
  bytesRemoved: number;
  bytesAdded: number;
  /** Rows rewritten (the rows of the removed files). */
  rows: number;
}

export type OptimizeResult =
  | ({ status: 'committed'; version: number; attempts: number; removed: readonly RemoveAction[]; added: readonly AddAction[] } & OptimizeMetrics)
  /** Nothing to compact: nothing was written. */
  | ({ status: 'noop'; version: number } & OptimizeMetrics);

/** Bins of at least two files, each at most `targetSize` bytes in total (a lone file is never a bin). */
export function binPack(files: readonly LiveFile[], targetSize: number): LiveFile[][] {
  const small = files.filter((file) => file.add.size < targetSize).sort((a, b) => a.add.size - b.add.size);
  const bins: LiveFile[][] = [];
  let current: LiveFile[] = [];
  let bytes = 0;
  for (const file of small) {
    if (current.length > 0 && bytes + file.add.size > targetSize) {
      bins.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.add.size;
  }
  if (current.length > 0) bins.push(current);
  return bins.filter((bin) => bin.length > 1);
}

function partitionKey(snapshot: Snapshot, file: LiveFile): string {
  return JSON.stringify(snapshot.partitionColumns.map((column) => file.add.partitionValues[column] ?? null));
}

async function compactBin(context: TableContext, snapshot: Snapshot, bin: readonly LiveFile[]): Promise<WrittenDataFile> {
  const fields = dataFields(snapshot);
  const query = await filesSql(context, snapshot, bin, fields);
  const first = bin[0] as LiveFile;
  const written = await writeQueryDataFile(context, snapshot, `SELECT ${fields.map((field) => sqlIdentifier(field.name)).join(', ')} FROM (${query.sql})`, first.add.partitionValues, {
    dataChange: false,
  });
  const counts = bin.map((file) => file.stats?.numRecords);
  const expected = counts.every((count) => count !== undefined) ? counts.reduce((total: number, count) => total + (count as number), 0) : undefined;
  if (written === undefined || (expected !== undefined && written.rows !== expected)) {
    if (written) await context.store.delete(written.key);
    throw new DeltaError(
      context.uri,
      `OPTIMIZE: compacting ${bin.length} files of partition ${partitionKey(snapshot, first)} wrote ${written?.rows ?? 0} rows where their statistics count ${expected}; nothing was committed`,
    );
  }
  return written;
}

export async function optimizeTable(
  context: TableContext,
  loaded: LoadedSnapshot,
  options: OptimizeOptions = {},
): Promise<{ result: OptimizeResult; loaded: LoadedSnapshot }> {
  const { snapshot } = loaded;
  assertTableWritable(context, snapshot);
  const targetSize = options.targetSize ?? DEFAULT_OPTIMIZE_TARGET_SIZE;
  if (!Number.isSafeInteger(targetSize) || targetSize <= 0) throw new DeltaError(context.uri, `OPTIMIZE targetSize must be a positive number of bytes, got ${targetSize}`);
  const minFiles = options.minFiles ?? 2;
  if (!Number.isSafeInteger(minFiles) || minFiles < 2) throw new DeltaError(context.uri, `OPTIMIZE minFiles must be a whole number >= 2, got ${minFiles}`);
  const where = typeReplaceWhere(context.uri, snapshot, options.where, 'OPTIMIZE where');
  const partitions = new Map<string, LiveFile[]>();
  for (const file of replacedFiles(snapshot, where)) {
    if (file.location.kind !== 'table') continue;
    const key = partitionKey(snapshot, file);
    partitions.set(key, [...(partitions.get(key) ?? []), file]);
  }
  const bins = [...partitions.values()].map((files) => (files.filter((file) => file.add.size < targetSize).length >= minFiles ? binPack(files, targetSize) : []));
  const chosen = bins.flat();
  const metrics: OptimizeMetrics = {
    partitionsOptimized: bins.filter((partition) => partition.length > 0).length,
    partitionsSkipped: bins.filter((partition) => partition.length === 0).length,
    filesRemoved: 0,
    filesAdded: 0,
    bytesRemoved: 0,
    bytesAdded: 0,
    rows: 0,
  };
  if (chosen.length === 0) return { result: { status: 'noop', version: snapshot.version, ...metrics }, loaded };

  const written: WrittenDataFile[] = [];
  try {
    for (const bin of chosen) written.push(await compactBin(context, snapshot, bin));
  } catch (error) {
    await Promise.allSettled(written.map((file) => context.store.delete(file.key)));
    throw error;
  }
  const compacted = chosen.flat();
  const now = Date.now();
  const removed = compacted.map((file) => removeAction(file, { dataChange: false, deletionTimestamp: now }));
  const added = written.map((file) => file.add);
  metrics.filesRemoved = removed.length;
  metrics.filesAdded = added.length;
  metrics.bytesRemoved = compacted.reduce((total, file) => total + file.add.size, 0);
  metrics.bytesAdded = added.reduce((total, add) => total + add.size, 0);
  metrics.rows = written.reduce((total, file) => total + file.rows, 0);
  const actions: DeltaAction[] = [
    ...removed.map((value) => ({ kind: 'remove' as const, value })),
    ...added.map((value) => ({ kind: 'add' as const, value })),
  ];
  const outcome = await commitWrittenFiles(
    context,
    loaded,
    written,
    {
      operation: 'OPTIMIZE',
      operationParameters: { predicate: where === undefined ? '[]' : JSON.stringify([predicateSql(where)]), targetSize: String(targetSize) },
      operationMetrics: {
        numRemovedFiles: String(metrics.filesRemoved),
        numAddedFiles: String(metrics.filesAdded),
        numRemovedBytes: String(metrics.bytesRemoved),
        numAddedBytes: String(metrics.bytesAdded),
        numOutputRows: String(metrics.rows),
      },
      actions,
      isBlindAppend: false,
      txnClaims: [],
      conflictScope: { removedFiles: fileKeys(context, compacted) },
    },
    options.maxCommitAttempts,
  );
  if (outcome.status !== 'committed') throw new DeltaError(context.uri, 'OPTIMIZE: unexpected commit outcome without transactions');
  return { result: { status: 'committed', version: outcome.version, attempts: outcome.attempts, removed, added, ...metrics }, loaded: outcome.loaded };
}
