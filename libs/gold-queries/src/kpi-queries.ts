import { dayCount, previousRange, type KpiComparison, type KpisQuery, type KpisResponse } from '@music/metrics-contract';
import { z } from 'zod';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import { partitionDays } from './partition-days';
import { recordedDays } from './recorded-days';
import { resolveRange } from './resolve-range';
import { tableVersionOf } from './table-version';
import { parseRows, sqlCount, sqlDouble } from './sql-rows';

const TABLE = 'daily_active_listeners';

const periodRow = z.object({
  period: z.enum(['current', 'previous']),
  streams: sqlCount,
  listener_days: sqlCount,
  minutes_listened: sqlDouble,
  likes: sqlCount,
  shares: sqlCount,
  plays: sqlCount,
  skips: sqlCount,
});
type PeriodTotals = Omit<z.output<typeof periodRow>, 'period'>;
const NO_ACTIVITY: PeriodTotals = { streams: 0, listener_days: 0, minutes_listened: 0, likes: 0, shares: 0, plays: 0, skips: 0 };

function compare(value: number | null, previous: number | null): KpiComparison {
  const delta = value === null || previous === null ? null : value - previous;
  return { value, previous, delta, change_ratio: delta === null || previous === null || previous === 0 ? null : delta / previous };
}

const skipRate = (totals: PeriodTotals) => (totals.plays + totals.skips === 0 ? null : totals.skips / (totals.plays + totals.skips));

/** Headline numbers of a period against the period of the same length just before it. */
export async function kpis(context: GoldQueryContext, query: KpisQuery): Promise<Served<KpisResponse>> {
  const view = await context.reader.view(TABLE);
  const held = partitionDays(view.snapshot, 'day');
  const range = resolveRange(query, context.today, held);
  const previous = previousRange(range);
  return serveCached(context, 'kpis', { ...range }, [view], async () => {
    const rows = await context.reader.goldRows(
      view,
      (gold) => `SELECT
         CASE WHEN day >= CAST($2 AS DATE) THEN 'current' ELSE 'previous' END AS period,
         CAST(sum(streams) AS BIGINT) AS streams,
         CAST(sum(streaming_listeners) AS BIGINT) AS listener_days,
         CAST(sum(minutes_listened) AS DOUBLE) AS minutes_listened,
         CAST(sum(likes) AS BIGINT) AS likes,
         CAST(sum(shares) AS BIGINT) AS shares,
         CAST(sum(plays) AS BIGINT) AS plays,
         CAST(sum(skips) AS BIGINT) AS skips
       FROM ${gold}
       WHERE day BETWEEN CAST($1 AS DATE) AND CAST($3 AS DATE)
       GROUP BY period`,
      [previous.from, range.from, range.to],
    );
    const totals = new Map(parseRows(periodRow, rows, 'kpis').map(({ period, ...rest }) => [period, rest]));
    const current = totals.get('current') ?? NO_ACTIVITY;
    const before = totals.get('previous') ?? NO_ACTIVITY;
    const days = dayCount(range);
    return {
      ...tableVersionOf(view),
      ...range,
      days,
      previous_from: previous.from,
      previous_to: previous.to,
      data_from: held?.first ?? null,
      previous_days_covered: recordedDays(previous, held?.first),
      kpis: {
        streams: compare(current.streams, before.streams),
        listeners: compare(current.listener_days / days, before.listener_days / days),
        minutes_listened: compare(current.minutes_listened, before.minutes_listened),
        likes: compare(current.likes, before.likes),
        shares: compare(current.shares, before.shares),
        skip_rate: compare(skipRate(current), skipRate(before)),
      },
    };
  });
}
