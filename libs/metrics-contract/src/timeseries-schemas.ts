import { z } from 'zod';
import { checkRangeParams, checkRangeSpan, countryParam, endpointQuery, platformParam, rangeParams } from './query-params';
import { rangeFields, tableVersionFields } from './response-fields';

/** GET /v1/timeseries: daily plays, streams and listeners, every day of the period. */

export const MAX_SERIES_DAYS = 3660;

export const timeseriesQuery = endpointQuery('GET /v1/timeseries', ['daily_active_listeners', 'plays_by_country_daily', 'plays_by_platform_daily'], {
  ...rangeParams,
  country: countryParam.optional().describe('Only this country (from plays_by_country_daily); not with platform.'),
  platform: platformParam.optional().describe('Only this platform (from plays_by_platform_daily); not with country.'),
}).superRefine((query, context) => {
  checkRangeParams(query, context);
  if (query.country !== undefined && query.platform !== undefined) {
    context.addIssue({ code: 'custom', path: ['platform'], message: 'cannot be combined with country (no gold table has both dimensions)' });
  }
  checkRangeSpan(query, context, MAX_SERIES_DAYS, 'a daily series');
});
export type TimeseriesQuery = z.output<typeof timeseriesQuery>;

export const timeseriesResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  country: z.string().nullable().describe('The country asked for, or null.'),
  platform: z.string().nullable().describe('The platform asked for, or null.'),
  day_in_progress: z.iso
    .date()
    .nullable()
    .describe("The series' day that is not over yet (today): its counts are the day so far. Null when every day of the series is over."),
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
