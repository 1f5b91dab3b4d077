import type { Logger } from '@music/logger';
import { BRONZE_TABLE, deleteListenerRows, ERASED_LISTENERS_TABLE, GOLD_TABLES, QUARANTINE_TABLE, SILVER_TABLE, userIdDigest, type ErasedListenerRow } from '@music/tables';
import { refreshGold, type GoldTableRefresh } from './gold-refresh';
import { openOrCreate, withExistingTable, type Lake, type LakeTable } from './lake';

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
  /** When the erasure was registered: events of the user that occurred before it are kept out from then on. */
  erasedAt: string;
  tables: ErasedTable[];
  gold: GoldTableRefresh[];
}

/**
 * GDPR erasure of one listener. First the register of erased listeners gets the SHA-256 of their
 * id and the time, so that their events still in transit (occurred before it, delivered later)
 * are kept out: by the ingest from its next batch on, and by every silver refresh. Then Delta
 * DELETE of their rows in bronze, quarantine and silver, recomputation of the gold days that
 * silver lost rows on, then VACUUM of every table with the given retention, so that no data file
 * (nor its local cache copy) holds the user any more. The Delta log never names them: the DELETE
 * records its predicate with the value redacted, and the personal columns get no file statistics
 * (see the runbook for tables created before that).
 */
export async function eraseUser(lake: Lake, options: { userId: string; retentionHours: number; forceRetention?: boolean; log: Logger }): Promise<ErasureReport> {
  const { userId, log } = options;
  if (userId.trim() === '') throw new Error('erase needs a non-empty user id');
  const erasedAt = new Date().toISOString();
  const register = await openOrCreate(lake, ERASED_LISTENERS_TABLE);
  try {
    const row: ErasedListenerRow = { user_id_sha256: userIdDigest(userId), erased_at: erasedAt };
    await register.append([row]);
  } finally {
    await register.close();
  }
  log.info({ stage: 'erase', erasedAt }, 'erasure registered');
  const tables: ErasedTable[] = [];
  const vacuum = async (definition: LakeTable) =>
    (await withExistingTable(lake, definition, async (table) => {
      const result = await table.vacuum({ retentionHours: options.retentionHours, force: options.forceRetention ?? false });
      return result.files.length;
    })) ?? 0;
  for (const definition of [BRONZE_TABLE, QUARANTINE_TABLE, SILVER_TABLE] as const) {
    await withExistingTable(lake, definition, async (table) => {
      const result = await deleteListenerRows(table, [userId], (attempt, error) =>
        log.warn({ stage: 'erase', table: definition.name, attempt, reason: error.message }, 'a concurrent commit holds rows of the user: deleting again'),
      );
      tables.push({ table: definition.name, rowsDeleted: result.rowsDeleted, filesRewritten: result.filesRewritten, filesRemoved: result.filesRemoved, filesVacuumed: 0 });
      log.info({ stage: 'erase', table: definition.name, rowsDeleted: result.rowsDeleted }, 'user rows deleted');
    });
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
  return { userId, erasedAt, tables, gold };
}
