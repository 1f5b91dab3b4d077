import type { DayRange } from '@music/metrics-contract';
import type { DimensionFilter } from '../filters/widget-filters';
import type { ListeningTotals } from '../overview/kpi-model';
import { loadMetrics, type Loaded } from './dashboard-data';

/** Which table and version numbers come from (the fields every gold answer carries). */
export interface TableSource {
  table: string;
  table_version: number;
  last_updated: string;
}

/** Listening of one country or platform over explicit days, from its breakdown table; totals undefined when it had none. */
export async function loadDimensionTotals(dimension: DimensionFilter, days: DayRange): Promise<Loaded<{ totals: ListeningTotals | undefined; source: TableSource }>> {
  if (dimension.dimension === 'country') {
    const answer = await loadMetrics('playsByCountry', { from: days.from, to: days.to, country: dimension.value });
    return answer.ok ? { ok: true, data: { totals: answer.data.countries[0], source: answer.data } } : answer;
  }
  const answer = await loadMetrics('playsByPlatform', { from: days.from, to: days.to, platform: dimension.value });
  return answer.ok ? { ok: true, data: { totals: answer.data.platforms[0], source: answer.data } } : answer;
}
