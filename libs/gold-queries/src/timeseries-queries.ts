import { daysOf, todayWithin, type TimeseriesQuery, type TimeseriesResponse } from '@music/metrics-contract';
import { z } from 'zod';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import { partitionDays } from './partition-days';
import { resolveRange } from './resolve-range';
import { parseRows, sqlCount, sqlText } from './sql-rows';
import { tableVersionOf } from './table-version';

/** Daily plays, streams and listeners, every day of the period (0 on days without activity). */

/** Where the series comes from: the whole service, or one country or platform. Columns are constants. */
const SOURCES = {
  all: { table: 'daily_active_listeners', listeners: 'streaming_listeners', filter: undefined },
  country: { table: 'plays_by_country_daily', listeners: 'listeners', filter: 'country' },
  platform: { table: 'plays_by_platform_daily', listeners: 'listeners', filter: 'platform' },
} as const;

const dayRow = z.object({ day: sqlText, plays: sqlCount, streams: sqlCount, listeners: sqlCount });

export async function timeseries(context: GoldQueryContext, query: TimeseriesQuery): Promise<Served<TimeseriesResponse>> {
  const source = query.country !== undefined ? SOURCES.country : query.platform !== undefined ? SOURCES.platform : SOURCES.all;
  const only = query.country ?? query.platform ?? null;
  const view = await context.reader.view(source.table);
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  const dayInProgress = todayWithin(range, context.today);
  const params = { ...range, country: query.country ?? null, platform: query.platform ?? null, today: dayInProgress };
  return serveCached(context, 'timeseries', params, [view], async () => {
    const rows = await context.reader.goldRows(
      view,
      (gold) => `SELECT strftime(day, '%Y-%m-%d') AS day,
         CAST(sum(plays) AS BIGINT) AS plays,
         CAST(sum(streams) AS BIGINT) AS streams,
         CAST(sum(${source.listeners}) AS BIGINT) AS listeners
       FROM ${gold}
       WHERE day BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
         ${source.filter === undefined ? '' : `AND ${source.filter} = CAST($3 AS VARCHAR)`}
       GROUP BY day`,
      source.filter === undefined ? [range.from, range.to] : [range.from, range.to, only],
    );
    const byDay = new Map(parseRows(dayRow, rows, 'timeseries').map((row) => [row.day, row]));
    const series = daysOf(range).map((day) => byDay.get(day) ?? { day, plays: 0, streams: 0, listeners: 0 });
    return { ...tableVersionOf(view), ...range, country: query.country ?? null, platform: query.platform ?? null, day_in_progress: dayInProgress, series };
  });
}
