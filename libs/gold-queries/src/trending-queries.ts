import { TRENDING_DEFAULTS } from '@music/tables';
import { z } from 'zod';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import { partitionDays } from './partition-days';
import { dayParam, endpointQuery, limitParam } from './query-params';
import { tableVersionFields, tableVersionOf } from './response-fields';
import { parseRows, sqlCount, sqlDouble, sqlText } from './sql-rows';

/** Artists whose streams grow, as of one day (gold computes the windows per as-of day). */

const TABLE = 'trending_artists_daily';

export const trendingQuery = endpointQuery('GET /v1/trending', [TABLE], {
  day: dayParam.optional().describe('As-of UTC day (YYYY-MM-DD): its window ends that day. Default: the newest day the table holds.'),
  limit: limitParam(10, 'Artists to list, best trend first'),
});
export type TrendingQuery = z.output<typeof trendingQuery>;

export const trendingResponse = z.object({
  ...tableVersionFields,
  day: z.iso.date().nullable().describe('The as-of day read; null when the table holds no day yet.'),
  window_days: z.number().int().describe('Days in each window: the current one ends on `day`, the previous one just before it.'),
  min_streams: z.number().int().describe('Streams an artist needs in the current window to be listed.'),
  artists: z
    .array(
      z.object({
        rank: z.number().int().describe('1 = highest trend_score; ties by streams_current, then artist_id.'),
        artist_id: z.string(),
        artist_name: z.string(),
        streams_current: z.number().int().describe('Streams in the current window.'),
        streams_previous: z.number().int().describe('Streams in the previous window.'),
        growth_rate: z.number().nullable().describe('(current − previous) / previous; null when previous is 0.'),
        trend_score: z.number().describe('(current − previous) / (previous + min_streams): growth damped for small counts.'),
      }),
    )
    .describe('Best trend first.'),
});
export type TrendingResponse = z.output<typeof trendingResponse>;

const trendingRow = z.object({
  rank: sqlCount,
  artist_id: sqlText,
  artist_name: sqlText,
  streams_current: sqlCount,
  streams_previous: sqlCount,
  growth_rate: sqlDouble.nullable(),
  trend_score: sqlDouble,
});

export async function trending(context: GoldQueryContext, query: TrendingQuery): Promise<Served<TrendingResponse>> {
  const view = await context.reader.view(TABLE);
  const day = query.day ?? partitionDays(view.snapshot, 'day')?.last ?? null;
  return serveCached(context, 'trending', { day, limit: query.limit }, [view], async () => {
    const rows =
      day === null
        ? []
        : await context.reader.rows(
            `WITH gold AS (${view.relation})
             SELECT rank_in_day AS rank, artist_id, artist_name, streams_current, streams_previous, growth_rate, trend_score
             FROM gold
             WHERE day = CAST($1 AS DATE)
             ORDER BY rank_in_day
             LIMIT $2`,
            [day, query.limit],
          );
    return {
      ...tableVersionOf(view),
      day,
      window_days: TRENDING_DEFAULTS.windowDays,
      min_streams: TRENDING_DEFAULTS.minStreams,
      artists: parseRows(trendingRow, rows, 'trending'),
    };
  });
}
