import type { Logger } from '@music/logger';
import { BRONZE_TABLE, GOLD_TABLES, QUARANTINE_TABLE, SILVER_TABLE } from '@music/tables';
import { withExistingTable, type Lake, type LakeTable } from './lake';

export interface MaintenanceOptions {
  /** A silver partition is compacted once it holds at least this many small files. */
  minFiles: number;
  /** VACUUM retention in hours; below the tables' `delta.deletedFileRetentionDuration` only with `forceRetention`. */
  retentionHours: number;
  forceRetention?: boolean;
  /** Log retention in hours; default: each table's `delta.logRetentionDuration` (30 days when unset). */
  logRetentionHours?: number;
  log: Logger;
}

export interface TableMaintenance {
  table: string;
  /** Small files merged by OPTIMIZE, and the files they became (silver only). */
  filesCompacted: number;
  filesWritten: number;
  /** Data files deleted by VACUUM: removed longer than the retention ago, or never committed. */
  filesVacuumed: number;
  bytesVacuumed: number;
  /** Log files deleted by the expired log cleanup (commits and checkpoints past the log retention). */
  logFilesDeleted: number;
}

export interface MaintenanceReport {
  tables: TableMaintenance[];
  elapsedMs: number;
}

/**
 * Keeps the lake fast and its storage bounded while the batch job runs in watch mode:
 * - silver gets one file per touched partition on every run, so its busy partitions (today's)
 *   pile up small files that every gold recomputation of that day must open. OPTIMIZE merges a
 *   partition once it has `minFiles` of them; the gold days it touches are recomputed once by the
 *   next run (a rewritten file reads as a change), which is why it waits for enough files.
 * - every table is VACUUMed: silver's compacted files, gold's replaced day partitions, and bronze
 *   and quarantine files the ingest compacted stay on storage until then.
 * - every table's log is cleaned of the versions past its log retention: bronze gets a commit per
 *   ingest batch, up to 86,400 a day, and each listing of `_delta_log/` reads them all.
 * Bronze and quarantine are compacted by the ingest (their writer), not here.
 */
export async function maintainLake(lake: Lake, options: MaintenanceOptions): Promise<MaintenanceReport> {
  const started = Date.now();
  const tables: TableMaintenance[] = [];
  const maintain = (definition: LakeTable, compact: boolean) =>
    withExistingTable(lake, definition, async (table) => {
      const entry: TableMaintenance = { table: definition.name, filesCompacted: 0, filesWritten: 0, filesVacuumed: 0, bytesVacuumed: 0, logFilesDeleted: 0 };
      if (compact) {
        const optimized = await table.optimize({ minFiles: options.minFiles });
        entry.filesCompacted = optimized.filesRemoved;
        entry.filesWritten = optimized.filesAdded;
      }
      const vacuumed = await table.vacuum({ retentionHours: options.retentionHours, force: options.forceRetention ?? false });
      entry.filesVacuumed = vacuumed.files.length;
      entry.bytesVacuumed = vacuumed.bytes;
      const cleaned = await table.cleanupLog({ retentionHours: options.logRetentionHours });
      entry.logFilesDeleted = cleaned.files.length;
      tables.push(entry);
      if (entry.filesCompacted + entry.filesVacuumed + entry.logFilesDeleted > 0) options.log.info({ stage: 'maintenance', ...entry }, 'table maintained');
    });
  await maintain(SILVER_TABLE, true);
  for (const definition of [BRONZE_TABLE, QUARANTINE_TABLE, ...GOLD_TABLES]) await maintain(definition, false);
  return { tables, elapsedMs: Date.now() - started };
}
