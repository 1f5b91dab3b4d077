import type { Logger } from '@music/logger';
import { refreshGold, type GoldTableRefresh } from './gold-refresh';
import type { Lake } from './lake';
import { refreshSilver, type SilverRefresh } from './silver-refresh';

export interface RefreshRun {
  silver: SilverRefresh;
  gold: GoldTableRefresh[];
  elapsedMs: number;
}

/** One batch run: bronze → silver, then silver → every gold table. */
export async function refreshLake(lake: Lake, options: { full?: boolean; log: Logger }): Promise<RefreshRun> {
  const started = Date.now();
  const silver = await refreshSilver(lake, options);
  const gold = await refreshGold(lake, options);
  return { silver, gold, elapsedMs: Date.now() - started };
}
