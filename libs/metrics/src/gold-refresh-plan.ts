import { GOLD_TABLE_NAMES, type GoldTableName } from '@music/tables';
import { addDays, daysBetween, parseCalendarDays } from './calendar-days';
import { goldMetric, trendingOptions, type TrendingOptions } from './gold-metrics';

/** What to recompute for one gold table. */
export interface GoldRefreshStep {
  table: GoldTableName;
  /** Day partitions of the table to compute and overwrite (YYYY-MM-DD, UTC). */
  outputDays: string[];
  /** Silver event dates the computation reads: enough to prune silver partitions. */
  inputDays: string[];
}

export interface GoldRefreshRequest {
  /** Silver event dates that received rows, or 'full' for every day of silver. */
  changedDays: readonly string[] | 'full';
  /** Every event date present in silver, including the changed ones. */
  silverDays: readonly string[];
  tables?: readonly GoldTableName[];
  trending?: Partial<TrendingOptions>;
}

/**
 * The day partitions each gold table must recompute after silver changed on `changedDays`.
 * A table reading `lookback` days before its output day recomputes every silver day within
 * `lookback` days after a changed day; recomputing those and keeping the other partitions gives
 * exactly the tables a full rebuild gives.
 */
export function planGoldRefresh(request: GoldRefreshRequest): GoldRefreshStep[] {
  const silverDays = parseCalendarDays(request.silverDays, 'silverDays');
  const changed = request.changedDays === 'full' ? silverDays : parseCalendarDays(request.changedDays, 'changedDays');
  const available = [...new Set([...silverDays, ...changed])].sort();
  const trending = trendingOptions(request.trending);
  return (request.tables ?? GOLD_TABLE_NAMES).map((table) => {
    const lookback = goldMetric(table).lookbackDays(trending);
    const outputDays =
      request.changedDays === 'full'
        ? available
        : available.filter((day) => changed.some((change) => {
            const after = daysBetween(change, day);
            return after >= 0 && after <= lookback;
          }));
    const inputDays = new Set<string>();
    for (const day of outputDays) for (let back = 0; back <= lookback; back++) inputDays.add(addDays(day, -back));
    return { table, outputDays, inputDays: available.filter((day) => inputDays.has(day)) };
  });
}
