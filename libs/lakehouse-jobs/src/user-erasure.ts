import type { Logger } from '@music/logger';
import { BRONZE_TABLE, GOLD_TABLES, QUARANTINE_TABLE, SILVER_TABLE } from '@music/tables';
import { refreshGold, type GoldTableRefresh } from './gold-refresh';
import { openIfExists, type Lake, type LakeTable } from './lake';

export interface ErasedTable {
  table: string;
  rowsDeleted: number;
  filesRewritten: number;
  filesRemoved: number;
  /** Data files physically deleted by VACUUM afterwards. */
  filesVacuumed: number;
}

export interface ErasureReport {
  userId: string;
  tables: ErasedTable[];
  gold: GoldTableRefresh[];
}

/**
 * GDPR erasure of one listener: Delta DELETE of their rows in bronze, quarantine and silver,
 * recomputation of the gold days that silver lost rows on, then VACUUM of every table with the
 * given retention, so that no data file (nor its local cache copy) holds the user any more. The
 * Delta log never names them: the DELETE records its predicate with the value redacted, and the
 * personal columns get no file statistics (see the runbook for tables created before that).
 */
export async function eraseUser(lake: Lake, options: { userId: string; retentionHours: number; forceRetention?: boolean; log: Logger }): Promise<ErasureReport> {
  const { userId, log } = options;
  if (userId.trim() === '') throw new Error('erase needs a non-empty user id');
  const tables: ErasedTable[] = [];
  const vacuum = async (definition: LakeTable) => {
    const table = await openIfExists(lake, definition);
    if (!table) return 0;
    try {
      const result = await table.vacuum({ retentionHours: options.retentionHours, force: options.forceRetention ?? false });
      return result.files.length;
    } finally {
      await table.close();
    }
  };
  for (const definition of [BRONZE_TABLE, QUARANTINE_TABLE, SILVER_TABLE] as const) {
    const table = await openIfExists(lake, definition);
    if (!table) continue;
    try {
      const result = await table.delete([{ column: 'user_id', op: '=', value: userId }], { redactPredicate: true });
      tables.push({ table: definition.name, rowsDeleted: result.rowsDeleted, filesRewritten: result.filesRewritten, filesRemoved: result.filesRemoved, filesVacuumed: 0 });
      log.info({ stage: 'erase', table: definition.name, rowsDeleted: result.rowsDeleted }, 'user rows deleted');
    } finally {
      await table.close();
    }
  }
  const gold = await refreshGold(lake, { log });
  for (const entry of tables) {
    const definition = [BRONZE_TABLE, QUARANTINE_TABLE, SILVER_TABLE].find((t) => t.name === entry.table);
    if (definition) entry.filesVacuumed = await vacuum(definition);
  }
  for (const definition of GOLD_TABLES) {
    const files = await vacuum(definition);
    if (files > 0) tables.push({ table: definition.name, rowsDeleted: 0, filesRewritten: 0, filesRemoved: 0, filesVacuumed: files });
  }
  return { userId, tables, gold };
}
