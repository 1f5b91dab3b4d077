import { z } from 'zod';
import { dayCount, daysOf } from './date-range';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import { partitionDays } from './partition-days';
import { checkRangeParams, countryParam, endpointQuery, platformParam, rangeParams, resolveRange } from './query-params';
import { rangeFields, tableVersionFields, tableVersionOf } from './response-fields';
import { parseRows, sqlCount, sqlText } from './sql-rows';

/** Daily plays, streams and listeners, every day of the period (0 on days without activity). */

export const MAX_SERIES_DAYS = 3660;

/** Where the series comes from: the whole service, or one country or platform. Columns are constants. */
const SOURCES = {
  all: { table: 'daily_active_listeners', listeners: 'streaming_listeners', filter: undefined },
  country: { table: 'plays_by_country_daily', listeners: 'listeners', filter: 'country' },
  platform: { table: 'plays_by_platform_daily', listeners: 'listeners', filter: 'platform' },
} as const;

export const timeseriesQuery = endpointQuery(
  'GET /v1/timeseries',
  Object.values(SOURCES).map((source) => source.table),
  {
    ...rangeParams,
    country: countryParam.optional().describe('Only this country (from plays_by_country_daily); not with platform.'),
    platform: platformParam.optional().describe('Only this platform (from plays_by_platform_daily); not with country.'),
  },
).superRefine((query, context) => {
  checkRangeParams(query, context);
  if (query.country !== undefined && query.platform !== undefined) {
    context.addIssue({ code: 'custom', path: ['platform'], message: 'cannot be combined with country (no gold table has both dimensions)' });
  }
  if (query.from !== undefined && query.to !== undefined && query.from <= query.to && dayCount({ from: query.from, to: query.to }) > MAX_SERIES_DAYS) {
    context.addIssue({ code: 'custom', path: ['from'], message: `a daily series spans at most ${MAX_SERIES_DAYS} days` });
  }
});
export type TimeseriesQuery = z.output<typeof timeseriesQuery>;

export const timeseriesResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  country: z.string().nullable().describe('The country asked for, or null.'),
  platform: z.string().nullable().describe('The platform asked for, or null.'),
  series: z
    .array(
      z.object({
        day: z.iso.date().describe('UTC day.'),
        plays: z.number().int().describe('Play events, whatever their length.'),
        streams: z.number().int().describe('Streams (plays of at least 30 s).'),
        listeners: z.number().int().describe('Distinct users with at least one stream that day.'),
      }),
    )
    .describe('One entry per day of the period, in order.'),
});
export type TimeseriesResponse = z.output<typeof timeseriesResponse>;

const dayRow = z.object({ day: sqlText, plays: sqlCount, streams: sqlCount, listeners: sqlCount });

export async function timeseries(context: GoldQueryContext, query: TimeseriesQuery): Promise<Served<TimeseriesResponse>> {
  const source = query.country !== undefined ? SOURCES.country : query.platform !== undefined ? SOURCES.platform : SOURCES.all;
  const only = query.country ?? query.platform ?? null;
  const view = await context.reader.view(source.table);
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  const params = { ...range, country: query.country ?? null, platform: query.platform ?? null };
  return serveCached(context, 'timeseries', params, [view], async () => {
    const rows = await context.reader.rows(
      `WITH gold AS (${view.relation})
       SELECT strftime(day, '%Y-%m-%d') AS day,
         CAST(sum(plays) AS BIGINT) AS plays,
         CAST(sum(streams) AS BIGINT) AS streams,
         CAST(sum(${source.listeners}) AS BIGINT) AS listeners
       FROM gold
       WHERE day BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
         ${source.filter === undefined ? '' : `AND ${source.filter} = CAST($3 AS VARCHAR)`}
       GROUP BY day`,
      source.filter === undefined ? [range.from, range.to] : [range.from, range.to, only],
    );
    const byDay = new Map(parseRows(dayRow, rows, 'timeseries').map((row) => [row.day, row]));
    const series = daysOf(range).map((day) => byDay.get(day) ?? { day, plays: 0, streams: 0, listeners: 0 });
    return { ...tableVersionOf(view), ...range, country: query.country ?? null, platform: query.platform ?? null, series };
  });
}
