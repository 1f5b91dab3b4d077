import { z } from 'zod';
import { dayParam, endpointQuery, limitParam } from './query-params';
import { tableVersionFields } from './response-fields';

/** GET /v1/trending: artists whose streams grow, as of one day. */

export const trendingQuery = endpointQuery('GET /v1/trending', ['trending_artists_daily'], {
  day: dayParam.optional().describe('As-of UTC day (YYYY-MM-DD): its window ends that day. Default: the newest day the table holds.'),
  limit: limitParam(10, 'Artists to list, best trend first'),
});
export type TrendingQuery = z.output<typeof trendingQuery>;

export const trendingResponse = z.object({
  ...tableVersionFields,
  day: z.iso.date().nullable().describe('The as-of day read; null when the table holds no day yet.'),
  window_days: z.number().int().describe('Days in each window: the current one ends on `day`, the previous one just before it.'),
  data_from: z.iso
    .date()
    .nullable()
    .describe('First day with listening activity in gold (daily_active_listeners; null when none): days before it were never recorded, they are not days without listening.'),
  previous_days_covered: z
    .number()
    .int()
    .describe('Days of the previous window on or after data_from. Fewer than window_days: streams_previous is partial, and every artist looks like it grows.'),
  day_in_progress: z
    .boolean()
    .describe(
      "True when `day` is today: the current window's last day is not over while the previous window is whole, so streams_current, growth_rate and trend_score lean low (for every artist alike). Ask the day before for two whole windows.",
    ),
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
