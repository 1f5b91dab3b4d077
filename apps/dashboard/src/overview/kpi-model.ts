import type { KpisResponse } from '@music/metrics-contract';
import type { Comparison } from '../format/delta-format';

/** The KPI and rate tiles of the overview, from the API's numbers. */

export type TileFormat = 'integer' | 'average' | 'percent';

export interface Tile {
  id: 'streams' | 'listeners' | 'minutes' | 'likes' | 'shares' | 'skipRate' | 'likeRate' | 'shareRate';
  /** null: this number is not kept for the filter in force (likes per country, …). */
  comparison: Comparison | null;
  format: TileFormat;
  higherIsBetter: boolean;
}

/** What a breakdown row (one country or platform over a period) holds. */
export interface ListeningTotals {
  plays: number;
  streams: number;
  skips: number;
  minutes_listened: number;
  listener_days: number;
}

const NONE: ListeningTotals = { plays: 0, streams: 0, skips: 0, minutes_listened: 0, listener_days: 0 };

/** value against previous, with the API's definitions (change_ratio null when previous is 0 or null). */
export function compare(value: number | null, previous: number | null): Comparison {
  const delta = value === null || previous === null ? null : value - previous;
  return { value, previous, delta, change_ratio: delta === null || previous === null || previous === 0 ? null : delta / previous };
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);
const skipRate = (t: ListeningTotals) => ratio(t.skips, t.plays + t.skips);

/** Headline tiles for the whole service (GET /v1/kpis). */
export function serviceTiles(kpis: KpisResponse): Tile[] {
  const k = kpis.kpis;
  return [
    { id: 'streams', comparison: k.streams, format: 'integer', higherIsBetter: true },
    { id: 'listeners', comparison: k.listeners, format: 'average', higherIsBetter: true },
    { id: 'minutes', comparison: k.minutes_listened, format: 'integer', higherIsBetter: true },
    { id: 'likes', comparison: k.likes, format: 'integer', higherIsBetter: true },
    { id: 'shares', comparison: k.shares, format: 'integer', higherIsBetter: true },
    { id: 'skipRate', comparison: k.skip_rate, format: 'percent', higherIsBetter: false },
  ];
}

/**
 * The same tiles for one country or platform, from its breakdown rows over the period and the
 * previous one (undefined: no listening there). Gold does not keep likes and shares per country
 * or platform: those tiles are unavailable, not zero.
 */
export function dimensionTiles(current: ListeningTotals | undefined, previous: ListeningTotals | undefined, days: number): Tile[] {
  const now = current ?? NONE;
  const before = previous ?? NONE;
  return [
    { id: 'streams', comparison: compare(now.streams, before.streams), format: 'integer', higherIsBetter: true },
    { id: 'listeners', comparison: compare(now.listener_days / days, before.listener_days / days), format: 'average', higherIsBetter: true },
    { id: 'minutes', comparison: compare(now.minutes_listened, before.minutes_listened), format: 'integer', higherIsBetter: true },
    { id: 'likes', comparison: null, format: 'integer', higherIsBetter: true },
    { id: 'shares', comparison: null, format: 'integer', higherIsBetter: true },
    { id: 'skipRate', comparison: compare(skipRate(now), skipRate(before)), format: 'percent', higherIsBetter: false },
  ];
}

/** Skip, like and share rates of the whole service: like and share rates per stream, as gold's like_share_rates_daily. */
export function serviceRates(kpis: KpisResponse): Tile[] {
  const k = kpis.kpis;
  const per = (count: Comparison, streams: Comparison) =>
    compare(count.value === null || streams.value === null ? null : ratio(count.value, streams.value), count.previous === null || streams.previous === null ? null : ratio(count.previous, streams.previous));
  return [
    { id: 'skipRate', comparison: k.skip_rate, format: 'percent', higherIsBetter: false },
    { id: 'likeRate', comparison: per(k.likes, k.streams), format: 'percent', higherIsBetter: true },
    { id: 'shareRate', comparison: per(k.shares, k.streams), format: 'percent', higherIsBetter: true },
  ];
}

/** The rates for one country or platform: only the skip rate exists there. */
export function dimensionRates(current: ListeningTotals | undefined, previous: ListeningTotals | undefined): Tile[] {
  return [
    { id: 'skipRate', comparison: compare(skipRate(current ?? NONE), skipRate(previous ?? NONE)), format: 'percent', higherIsBetter: false },
    { id: 'likeRate', comparison: null, format: 'percent', higherIsBetter: true },
    { id: 'shareRate', comparison: null, format: 'percent', higherIsBetter: true },
  ];
}

/**
 * How much of the previous period was recorded: all of it, part of it (the lake starts inside
 * it, so its totals are low and the changes overstate growth), or none (the lake starts after it).
 */
export type PreviousCoverage = 'full' | 'partial' | 'none';

export function previousCoverage(kpis: Pick<KpisResponse, 'days' | 'previous_days_covered'>): PreviousCoverage {
  if (kpis.previous_days_covered <= 0) return 'none';
  return kpis.previous_days_covered < kpis.days ? 'partial' : 'full';
}

/**
 * How a period that includes today, a day not over yet, is compared. The service's numbers count
 * the previous period up to the same time of day ('same-time'). A country's or platform's come
 * from tables kept by whole day, so the previous period counts whole ('whole-days') and the
 * changes lean low. 'over': every day of the period is over, both count whole.
 */
export type DayInProgress = 'over' | 'same-time' | 'whole-days';

export function dayInProgress(kpis: Pick<KpisResponse, 'in_progress'>, byDimension: boolean): DayInProgress {
  if (kpis.in_progress === null) return 'over';
  return byDimension ? 'whole-days' : 'same-time';
}

/** The coverage the tiles are toned by: a whole previous period against a day in progress is no like-for-like comparison either. */
export function tileCoverage(coverage: PreviousCoverage, inProgress: DayInProgress): PreviousCoverage {
  return coverage === 'full' && inProgress === 'whole-days' ? 'partial' : coverage;
}

/** Nothing happened in the period (every count is 0). */
export function isQuietPeriod(kpis: KpisResponse): boolean {
  const k = kpis.kpis;
  return [k.streams, k.minutes_listened, k.likes, k.shares].every((c) => (c.value ?? 0) === 0);
}
