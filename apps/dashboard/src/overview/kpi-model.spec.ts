import type { KpisResponse } from '@music/metrics-contract';
import { compare, dayInProgress, dimensionRates, dimensionTiles, isQuietPeriod, previousCoverage, serviceRates, serviceTiles, tileCoverage } from './kpi-model';

const kpi = (value: number | null, previous: number | null) => compare(value, previous);
const kpis = (k: Partial<KpisResponse['kpis']>): KpisResponse => ({
  table: 'daily_active_listeners',
  table_version: 1,
  last_updated: '2026-12-06T03:32:26.578Z',
  from: '2026-11-30',
  to: '2026-12-06',
  days: 7,
  previous_from: '2026-11-23',
  previous_to: '2026-11-29',
  data_from: '2026-11-01',
  previous_days_covered: 7,
  in_progress: null,
  kpis: { streams: kpi(200, 100), listeners: kpi(10, 8), minutes_listened: kpi(500, 400), likes: kpi(20, 5), shares: kpi(4, 0), skip_rate: kpi(0.25, 0.3), ...k },
});

describe('KPI tiles', () => {
  it('compares like the API: delta, and a change ratio only over a non-zero previous value', () => {
    expect(compare(110, 100)).toEqual({ value: 110, previous: 100, delta: 10, change_ratio: 0.1 });
    expect(compare(3, 0)).toEqual({ value: 3, previous: 0, delta: 3, change_ratio: null });
    expect(compare(null, 0.2)).toEqual({ value: null, previous: 0.2, delta: null, change_ratio: null });
  });

  it('shows the service KPIs as answered', () => {
    const tiles = serviceTiles(kpis({}));
    expect(tiles.map((t) => [t.id, t.comparison?.value])).toEqual([
      ['streams', 200],
      ['listeners', 10],
      ['minutes', 500],
      ['likes', 20],
      ['shares', 4],
      ['skipRate', 0.25],
    ]);
    expect(tiles.find((t) => t.id === 'skipRate')?.higherIsBetter).toBe(false);
  });

  it('derives a country or platform from its breakdown rows, likes and shares being unavailable there', () => {
    const now = { plays: 80, streams: 60, skips: 20, minutes_listened: 150, listener_days: 21 };
    const before = { plays: 50, streams: 40, skips: 50, minutes_listened: 90, listener_days: 14 };
    const tiles = dimensionTiles(now, before, 7);
    expect(tiles.map((t) => [t.id, t.comparison])).toEqual([
      ['streams', compare(60, 40)],
      ['listeners', compare(3, 2)],
      ['minutes', compare(150, 90)],
      ['likes', null],
      ['shares', null],
      ['skipRate', compare(0.2, 0.5)],
    ]);
    expect(dimensionTiles(undefined, undefined, 7).find((t) => t.id === 'streams')?.comparison).toEqual(compare(0, 0));
    expect(dimensionTiles(undefined, undefined, 7).find((t) => t.id === 'skipRate')?.comparison?.value).toBeNull();
  });

  it('gives like and share rates per stream, and only the skip rate for a dimension', () => {
    const rates = serviceRates(kpis({}));
    expect(rates.map((t) => [t.id, t.comparison?.value, t.comparison?.previous])).toEqual([
      ['skipRate', 0.25, 0.3],
      ['likeRate', 0.1, 0.05],
      ['shareRate', 0.02, 0],
    ]);
    expect(serviceRates(kpis({ streams: kpi(0, 0) }))[1]?.comparison).toEqual(compare(null, null));
    expect(dimensionRates({ plays: 3, streams: 2, skips: 1, minutes_listened: 4, listener_days: 1 }, undefined).map((t) => t.comparison?.value ?? null)).toEqual([0.25, null, null]);
  });

  it('tells a previous period recorded in full, in part or not at all', () => {
    expect([7, 6, 1, 0].map((covered) => previousCoverage({ days: 7, previous_days_covered: covered }))).toEqual(['full', 'partial', 'partial', 'none']);
  });

  it('tells how a period with today in it is compared, and tones a whole previous period against it as no like-for-like comparison', () => {
    const cut = { in_progress: { until: '2026-12-06T20:06:00.000Z', previous_until: '2026-11-29T20:06:00.000Z' } };
    expect([dayInProgress({ in_progress: null }, false), dayInProgress({ in_progress: null }, true), dayInProgress(cut, false), dayInProgress(cut, true)]).toEqual(['over', 'over', 'same-time', 'whole-days']);
    expect([tileCoverage('full', 'over'), tileCoverage('full', 'same-time'), tileCoverage('full', 'whole-days'), tileCoverage('none', 'whole-days'), tileCoverage('partial', 'same-time')]).toEqual([
      'full',
      'full',
      'partial',
      'none',
      'partial',
    ]);
  });

  it('knows a period without any activity', () => {
    expect(isQuietPeriod(kpis({}))).toBe(false);
    expect(isQuietPeriod(kpis({ streams: kpi(0, 5), minutes_listened: kpi(0, 1), likes: kpi(0, 0), shares: kpi(0, 0) }))).toBe(true);
  });
});
