import type { DeltaTable } from '@music/delta';
import type { Logger } from '@music/logger';

/** A table the ingest writes, with its date partition column. */
export interface IngestTable {
  table: DeltaTable;
  dateColumn: string;
}

export interface IngestMaintenanceOptions {
  /** Now, epoch ms: partitions before yesterday (UTC) are closed. */
  now: number;
  /** Open partitions (yesterday, today) are compacted once they hold this many small files. */
  openPartitionMinFiles: number;
  /** Log retention in hours; default: the table's `delta.logRetentionDuration` (30 days when unset). */
  logRetentionHours?: number;
  log: Logger;
}

const DAY_MS = 86_400_000;

/**
 * The ingest's table maintenance, run between two batch commits. Closed partitions (days before
 * yesterday, UTC, which on-time events no longer reach) are compacted whenever they hold two small
 * files or more. Open ones get a file per batch all day long (tens of thousands at a steady rate),
 * and every reader of today (the live tile, the batch job) would open each of them: they are
 * compacted too, once they hold `openPartitionMinFiles`, since each compaction makes the batch job
 * read the partition's rows again.
 * Then the log files of versions past the log retention are deleted: a commit per batch is up to
 * 86,400 log files a day, and every listing of the log reads them all.
 */
export async function maintainIngestTables(tables: readonly IngestTable[], options: IngestMaintenanceOptions): Promise<void> {
  const yesterday = new Date(options.now - DAY_MS).toISOString().slice(0, 10);
  for (const { table, dateColumn } of tables) {
    const closed = await table.optimize({ where: [{ column: dateColumn, op: '<', value: yesterday }] });
    const open = await table.optimize({ where: [{ column: dateColumn, op: '>=', value: yesterday }], minFiles: options.openPartitionMinFiles });
    for (const [partitions, result] of [
      ['closed', closed],
      ['open', open],
    ] as const) {
      if (result.status === 'committed') options.log.info({ table: table.uri, partitions, filesRemoved: result.filesRemoved, filesAdded: result.filesAdded }, 'compacted partitions');
    }
    const cleaned = await table.cleanupLog({ retentionHours: options.logRetentionHours });
    if (cleaned.files.length > 0) options.log.info({ table: table.uri, logFilesDeleted: cleaned.files.length, oldestKeptVersion: cleaned.oldestKeptVersion }, 'cleaned the log up');
  }
}
