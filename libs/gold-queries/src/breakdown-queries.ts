import { z } from 'zod';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import { partitionDays } from './partition-days';
import { checkRangeParams, countryParam, endpointQuery, limitParam, platformParam, rangeParams, resolveRange, type RangeQuery } from './query-params';
import { listenerDaysField, rangeFields, tableVersionFields, tableVersionOf } from './response-fields';
import { parseRows, sqlCount, sqlDouble, sqlText } from './sql-rows';

/** Listening per country, platform or device over a period. */

const BREAKDOWNS = {
  country: { table: 'plays_by_country_daily', endpoint: 'plays-by-country' },
  platform: { table: 'plays_by_platform_daily', endpoint: 'plays-by-platform' },
  device: { table: 'plays_by_device_daily', endpoint: 'plays-by-device' },
} as const;
type Dimension = keyof typeof BREAKDOWNS;

const listeningFields = {
  rank: z.number().int().describe('1 = most streams; ties by plays, then name.'),
  plays: z.number().int().describe('Play events, whatever their length.'),
  streams: z.number().int().describe('Streams (plays of at least 30 s).'),
  skips: z.number().int().describe('Skip events.'),
  minutes_listened: z.number().describe('Minutes listened (plays and skips).'),
  listener_days: listenerDaysField,
  share_of_streams: z.number().nullable().describe('Streams / all streams of the period (every value, not only those listed); null when there is none.'),
};
const breakdownRow = z.object({
  value: sqlText,
  rank: sqlCount,
  plays: sqlCount,
  streams: sqlCount,
  skips: sqlCount,
  minutes_listened: sqlDouble,
  listener_days: sqlCount,
  share_of_streams: sqlDouble.nullable(),
});

type BreakdownRow = z.output<typeof breakdownRow>;
type Envelope = ReturnType<typeof tableVersionOf> & { from: string; to: string };

/**
 * Sums the dimension's table over the range per value, ranks the values, keeps the top `limit`
 * or only the value `only`; `toBody` names the rows after the dimension.
 */
async function breakdown<Body>(
  context: GoldQueryContext,
  dimension: Dimension,
  query: RangeQuery & { limit: number; only?: string | undefined },
  toBody: (envelope: Envelope, rows: BreakdownRow[]) => Body,
): Promise<Served<Body>> {
  const { table, endpoint } = BREAKDOWNS[dimension];
  const view = await context.reader.view(table);
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  return serveCached(context, endpoint, { ...range, limit: query.limit, [dimension]: query.only ?? null }, [view], async () => {
    const rows = await context.reader.rows(
      `WITH gold AS (${view.relation}),
       per_value AS (
         SELECT ${dimension} AS value,
           CAST(sum(plays) AS BIGINT) AS plays,
           CAST(sum(streams) AS BIGINT) AS streams,
           CAST(sum(skips) AS BIGINT) AS skips,
           CAST(sum(minutes_listened) AS DOUBLE) AS minutes_listened,
           CAST(sum(listeners) AS BIGINT) AS listener_days
         FROM gold
         WHERE day BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
         GROUP BY ${dimension}
       ),
       ranked AS (
         SELECT *,
           CAST(streams AS DOUBLE) / nullif(sum(streams) OVER (), 0) AS share_of_streams,
           row_number() OVER (ORDER BY streams DESC, plays DESC, value) AS rank
         FROM per_value
       )
       SELECT * FROM ranked
       WHERE CASE WHEN CAST($3 AS VARCHAR) IS NULL THEN rank <= $4 ELSE value = CAST($3 AS VARCHAR) END
       ORDER BY rank`,
      [range.from, range.to, query.only ?? null, query.limit],
    );
    return toBody({ ...tableVersionOf(view), ...range }, parseRows(breakdownRow, rows, endpoint));
  });
}

export const playsByCountryQuery = endpointQuery('GET /v1/plays/by-country', ['plays_by_country_daily'], {
  ...rangeParams,
  limit: limitParam(100, 'Countries to list, most streams first'),
  country: countryParam.optional().describe('Only this country (ISO 3166-1 alpha-2, any case).'),
}).superRefine(checkRangeParams);
export type PlaysByCountryQuery = z.output<typeof playsByCountryQuery>;

export const playsByCountryResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  countries: z.array(z.object({ country: z.string().describe('ISO 3166-1 alpha-2.'), ...listeningFields })).describe('Countries with at least one play or skip, most streams first.'),
});
export type PlaysByCountryResponse = z.output<typeof playsByCountryResponse>;

export async function playsByCountry(context: GoldQueryContext, query: PlaysByCountryQuery): Promise<Served<PlaysByCountryResponse>> {
  return breakdown(context, 'country', { ...query, only: query.country }, (envelope, rows) => ({
    ...envelope,
    countries: rows.map(({ value, ...row }) => ({ country: value, ...row })),
  }));
}

export const playsByPlatformQuery = endpointQuery('GET /v1/plays/by-platform', ['plays_by_platform_daily'], {
  ...rangeParams,
  limit: limitParam(100, 'Platforms to list, most streams first'),
  platform: platformParam.optional().describe('Only this platform.'),
}).superRefine(checkRangeParams);
export type PlaysByPlatformQuery = z.output<typeof playsByPlatformQuery>;

export const playsByPlatformResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  platforms: z.array(z.object({ platform: z.string(), ...listeningFields })).describe('Platforms with at least one play or skip, most streams first.'),
});
export type PlaysByPlatformResponse = z.output<typeof playsByPlatformResponse>;

export async function playsByPlatform(context: GoldQueryContext, query: PlaysByPlatformQuery): Promise<Served<PlaysByPlatformResponse>> {
  return breakdown(context, 'platform', { ...query, only: query.platform }, (envelope, rows) => ({
    ...envelope,
    platforms: rows.map(({ value, ...row }) => ({ platform: value, ...row })),
  }));
}

export const playsByDeviceQuery = endpointQuery('GET /v1/plays/by-device', ['plays_by_device_daily'], {
  ...rangeParams,
  limit: limitParam(100, 'Devices to list, most streams first'),
}).superRefine(checkRangeParams);
export type PlaysByDeviceQuery = z.output<typeof playsByDeviceQuery>;

export const playsByDeviceResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  devices: z.array(z.object({ device: z.string().describe('Device model, e.g. iPhone 15.'), ...listeningFields })).describe('Devices with at least one play or skip, most streams first.'),
});
export type PlaysByDeviceResponse = z.output<typeof playsByDeviceResponse>;

export async function playsByDevice(context: GoldQueryContext, query: PlaysByDeviceQuery): Promise<Served<PlaysByDeviceResponse>> {
  return breakdown(context, 'device', query, (envelope, rows) => ({
    ...envelope,
    devices: rows.map(({ value, ...row }) => ({ device: value, ...row })),
  }));
}
