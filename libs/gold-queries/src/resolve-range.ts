import { DEFAULT_RANGE, presetRange, type DataDays, type DayRange, type RangeQuery } from '@music/metrics-contract';

/** The days a query asks for: from/to as given, else the preset (default DEFAULT_RANGE). */
export function resolveRange(query: RangeQuery, today: string, dataDays: DataDays | undefined): DayRange {
  if (query.from !== undefined && query.to !== undefined) return { from: query.from, to: query.to };
  return presetRange(query.range ?? DEFAULT_RANGE, today, dataDays);
}
