import type {
  EndpointResponse,
  PlaysByCountryQuery,
  PlaysByCountryResponse,
  PlaysByDeviceQuery,
  PlaysByDeviceResponse,
  PlaysByPlatformQuery,
  PlaysByPlatformResponse,
  RangeQuery,
} from '@music/metrics-contract';
import { z } from 'zod';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import { partitionDays } from './partition-days';
import { resolveRange } from './resolve-range';
import { parseRows, sqlCount, sqlDouble, sqlText } from './sql-rows';
import { tableVersionOf } from './table-version';

/** Listening per country, platform or device over a period. */

const BREAKDOWNS = {
  country: { table: 'plays_by_country_daily', endpoint: 'playsByCountry' },
  platform: { table: 'plays_by_platform_daily', endpoint: 'playsByPlatform' },
  device: { table: 'plays_by_device_daily', endpoint: 'playsByDevice' },
} as const;
type Dimension = keyof typeof BREAKDOWNS;
type BreakdownEndpoint<D extends Dimension> = (typeof BREAKDOWNS)[D]['endpoint'];

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
async function breakdown<D extends Dimension>(
  context: GoldQueryContext,
  dimension: D,
  query: RangeQuery & { limit: number; only?: string | undefined },
  toBody: (envelope: Envelope, rows: BreakdownRow[]) => EndpointResponse<BreakdownEndpoint<D>>,
): Promise<Served<EndpointResponse<BreakdownEndpoint<D>>>> {
  const { table } = BREAKDOWNS[dimension];
  const endpoint: BreakdownEndpoint<D> = BREAKDOWNS[dimension].endpoint;
  const view = await context.reader.view(table);
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  return serveCached(context, endpoint, { ...range, limit: query.limit, [dimension]: query.only ?? null }, [view], async () => {
    const rows = await context.reader.goldRows(
      view,
      (gold) => `WITH per_value AS (
         SELECT ${dimension} AS value,
           CAST(sum(plays) AS BIGINT) AS plays,
           CAST(sum(streams) AS BIGINT) AS streams,
           CAST(sum(skips) AS BIGINT) AS skips,
           CAST(sum(minutes_listened) AS DOUBLE) AS minutes_listened,
           CAST(sum(listeners) AS BIGINT) AS listener_days
         FROM ${gold}
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

export async function playsByCountry(context: GoldQueryContext, query: PlaysByCountryQuery): Promise<Served<PlaysByCountryResponse>> {
  return breakdown(context, 'country', { ...query, only: query.country }, (envelope, rows) => ({
    ...envelope,
    countries: rows.map(({ value, ...row }) => ({ country: value, ...row })),
  }));
}

export async function playsByPlatform(context: GoldQueryContext, query: PlaysByPlatformQuery): Promise<Served<PlaysByPlatformResponse>> {
  return breakdown(context, 'platform', { ...query, only: query.platform }, (envelope, rows) => ({
    ...envelope,
    platforms: rows.map(({ value, ...row }) => ({ platform: value, ...row })),
  }));
}

export async function playsByDevice(context: GoldQueryContext, query: PlaysByDeviceQuery): Promise<Served<PlaysByDeviceResponse>> {
  return breakdown(context, 'device', query, (envelope, rows) => ({
    ...envelope,
    devices: rows.map(({ value, ...row }) => ({ device: value, ...row })),
  }));
}
