import { addDays, dayCount, minuteStart, previousRange, todayWithin, type DayRange, type KpiComparison, type KpisQuery, type KpisResponse } from '@music/metrics-contract';
import { z } from 'zod';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import type { TableView } from './lake-table-reader';
import { partitionDays } from './partition-days';
import { recordedDays } from './recorded-days';
import { resolveRange } from './resolve-range';
import { tableVersionOf } from './table-version';
import { parseRows, sqlCount, sqlDouble } from './sql-rows';

const TABLE = 'daily_active_listeners';
/** Minute grain of the same measures, for a day still in progress. */
const MINUTES_TABLE = 'activity_per_minute';
const DAY_MS = 86_400_000;

const periodRow = z.object({
  period: z.enum(['current', 'previous']),
  last_minute: z.union([sqlCount, z.null()]).optional(),
  streams: sqlCount,
  listener_days: sqlCount,
  minutes_listened: sqlDouble,
  likes: sqlCount,
  shares: sqlCount,
  plays: sqlCount,
  skips: sqlCount,
});
type PeriodTotals = Omit<z.output<typeof periodRow>, 'period' | 'last_minute'>;
const NO_ACTIVITY: PeriodTotals = { streams: 0, listener_days: 0, minutes_listened: 0, likes: 0, shares: 0, plays: 0, skips: 0 };

function compare(value: number | null, previous: number | null): KpiComparison {
  const delta = value === null || previous === null ? null : value - previous;
  return { value, previous, delta, change_ratio: delta === null || previous === null || previous === 0 ? null : delta / previous };
}

const skipRate = (totals: PeriodTotals) => (totals.plays + totals.skips === 0 ? null : totals.skips / (totals.plays + totals.skips));

const SUMS = `CAST(sum(streams) AS BIGINT) AS streams,
         CAST(sum(listener_days) AS BIGINT) AS listener_days,
         CAST(sum(minutes_listened) AS DOUBLE) AS minutes_listened,
         CAST(sum(likes) AS BIGINT) AS likes,
         CAST(sum(shares) AS BIGINT) AS shares,
         CAST(sum(plays) AS BIGINT) AS plays,
         CAST(sum(skips) AS BIGINT) AS skips`;

/**
 * Headline numbers of a period against the period of the same length just before it. When the
 * period includes today, today is counted up to the newest minute gold holds for it and the
 * previous period up to the same instant `days` days earlier: a day in progress is not compared
 * with a whole one.
 */
export async function kpis(context: GoldQueryContext, query: KpisQuery): Promise<Served<KpisResponse>> {
  const view = await context.reader.view(TABLE);
  const held = partitionDays(view.snapshot, 'day');
  const range = resolveRange(query, context.today, held);
  const previous = previousRange(range);
  const days = dayCount(range);
  const today = todayWithin(range, context.today);
  const minutes = today === null ? undefined : await context.reader.view(MINUTES_TABLE);
  return serveCached(context, 'kpis', { ...range, today }, minutes === undefined ? [view] : [view, minutes], async () => {
    const counted =
      today === null || minutes === undefined
        ? { rows: await wholePeriods(context, view, range, previous), inProgress: null }
        : await periodsUpToNow(context, [view, minutes], range, previous, days, today);
    const totals = new Map(counted.rows.map(({ period, last_minute: _, ...rest }) => [period, rest]));
    const current = totals.get('current') ?? NO_ACTIVITY;
    const before = totals.get('previous') ?? NO_ACTIVITY;
    return {
      ...tableVersionOf(view),
      ...range,
      days,
      previous_from: previous.from,
      previous_to: previous.to,
      data_from: held?.first ?? null,
      previous_days_covered: recordedDays(previous, held?.first),
      in_progress: counted.inProgress,
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

/** Both periods counted whole, from the daily table. */
async function wholePeriods(context: GoldQueryContext, view: TableView, range: DayRange, previous: DayRange) {
  const rows = await context.reader.goldRows(
    view,
    (daily) => `SELECT
         CASE WHEN day >= CAST($2 AS DATE) THEN 'current' ELSE 'previous' END AS period,
         ${SUMS}
       FROM (SELECT *, streaming_listeners AS listener_days FROM ${daily})
       WHERE day BETWEEN CAST($1 AS DATE) AND CAST($3 AS DATE)
       GROUP BY period`,
    [previous.from, range.from, range.to],
  );
  return parseRows(periodRow, rows, 'kpis');
}

/**
 * The current period whole from the daily table (today holds what gold holds so far), and the
 * previous period up to the instant `days` days before the end of today's newest minute in gold:
 * its days before that instant's day whole, that day from the minute table (each listener counts
 * in the minute of their first stream of the day), its later days (matching days of the period
 * still to come) not at all. The minute table is refreshed just after the daily one; between the
 * two commits the cut may lag today's newest events by one refresh.
 */
async function periodsUpToNow(context: GoldQueryContext, views: readonly [TableView, TableView], range: DayRange, previous: DayRange, days: number, today: string) {
  const previousToday = addDays(today, -days);
  const rows = parseRows(
    periodRow,
    await context.reader.goldRowsAcross(
      views,
      ([daily, minutes]) => `WITH cut AS (
         SELECT max(minute_of_day) AS last_minute FROM ${minutes} WHERE day = CAST($4 AS DATE)
       ),
       counted AS (
         SELECT day, streams, streaming_listeners AS listener_days, minutes_listened, likes, shares, plays, skips
         FROM ${daily}
         WHERE day BETWEEN CAST($2 AS DATE) AND CAST($3 AS DATE)
            OR day >= CAST($1 AS DATE) AND day < CAST($5 AS DATE)
         UNION ALL
         SELECT day, streams, new_streaming_listeners, minutes_listened, likes, shares, plays, skips
         FROM ${minutes}
         WHERE day = CAST($5 AS DATE) AND minute_of_day <= (SELECT last_minute FROM cut)
       )
       SELECT
         CASE WHEN day >= CAST($2 AS DATE) THEN 'current' ELSE 'previous' END AS period,
         (SELECT last_minute FROM cut) AS last_minute,
         ${SUMS}
       FROM counted
       GROUP BY period`,
      [previous.from, range.from, range.to, today, previousToday],
    ),
    'kpis',
  );
  // No minute of today in gold yet: nothing of the previous period's "today" is counted either.
  const lastMinute = rows[0]?.last_minute ?? -1;
  const until = minuteStart(today, lastMinute + 1);
  return { rows, inProgress: { until: new Date(until).toISOString(), previous_until: new Date(until - days * DAY_MS).toISOString() } };
}
