import { HOUR_BUCKET_NAMES, type GenresByHourBucketQuery, type GenresByHourBucketResponse, type GenresByLocalHourQuery, type GenresByLocalHourResponse } from '@music/metrics-contract';
import { z } from 'zod';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import type { TableView } from './lake-table-reader';
import { partitionDays } from './partition-days';
import { resolveRange } from './resolve-range';
import { parseRows, sqlCount, sqlDouble, sqlText } from './sql-rows';
import { tableVersionOf } from './table-version';

/** Preferred genres per part of the listener's local day, or per local hour, over a period. */

const genreRow = { rank: sqlCount, genre: sqlText, streams: sqlCount, minutes_listened: sqlDouble, listener_days: sqlCount, share_of_streams: sqlDouble.nullable() };

/**
 * Sums a genre table over the range per (slot, genre), ranks genres within each slot and keeps
 * the top `limit` of each, or only `genre`. `slot` is a column of the table, chosen by the caller.
 */
async function rankGenres(context: GoldQueryContext, view: TableView, slot: 'hour_bucket' | 'local_hour', range: { from: string; to: string }, query: { limit: number; genre?: string | undefined }) {
  return context.reader.goldRows(
    view,
    (gold) => `WITH per_genre AS (
       SELECT ${slot} AS slot, genre,
         CAST(sum(streams) AS BIGINT) AS streams,
         CAST(sum(minutes_listened) AS DOUBLE) AS minutes_listened,
         CAST(sum(listeners) AS BIGINT) AS listener_days
       FROM ${gold}
       WHERE day BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
       GROUP BY ${slot}, genre
     ),
     ranked AS (
       SELECT *,
         CAST(streams AS DOUBLE) / nullif(sum(streams) OVER (PARTITION BY slot), 0) AS share_of_streams,
         row_number() OVER (PARTITION BY slot ORDER BY streams DESC, minutes_listened DESC, genre) AS rank
       FROM per_genre
     )
     SELECT * FROM ranked
     WHERE CASE WHEN CAST($3 AS VARCHAR) IS NULL THEN rank <= $4 ELSE genre = CAST($3 AS VARCHAR) END
     ORDER BY slot, rank`,
    [range.from, range.to, query.genre ?? null, query.limit],
  );
}

const hourBucketRow = z.object({ slot: z.enum(HOUR_BUCKET_NAMES), ...genreRow });

export async function genresByHourBucket(context: GoldQueryContext, query: GenresByHourBucketQuery): Promise<Served<GenresByHourBucketResponse>> {
  const view = await context.reader.view('genres_by_hour_bucket_daily');
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  return serveCached(context, 'genresByHourBucket', { ...range, limit: query.limit, genre: query.genre ?? null }, [view], async () => {
    const rows = parseRows(hourBucketRow, await rankGenres(context, view, 'hour_bucket', range, query), 'genres-hour-buckets');
    const bucketOrder = (name: string) => HOUR_BUCKET_NAMES.indexOf(name as (typeof HOUR_BUCKET_NAMES)[number]);
    const ordered = rows.sort((a, b) => bucketOrder(a.slot) - bucketOrder(b.slot) || a.rank - b.rank);
    return { ...tableVersionOf(view), ...range, genre: query.genre ?? null, rows: ordered.map(({ slot, ...row }) => ({ hour_bucket: slot, ...row })) };
  });
}

const localHourRow = z.object({ slot: z.number().int(), ...genreRow });

export async function genresByLocalHour(context: GoldQueryContext, query: GenresByLocalHourQuery): Promise<Served<GenresByLocalHourResponse>> {
  const view = await context.reader.view('genres_by_local_hour_daily');
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  return serveCached(context, 'genresByLocalHour', { ...range, limit: query.limit, genre: query.genre ?? null }, [view], async () => {
    const rows = parseRows(localHourRow, await rankGenres(context, view, 'local_hour', range, query), 'genres-local-hours');
    return { ...tableVersionOf(view), ...range, genre: query.genre ?? null, rows: rows.map(({ slot, ...row }) => ({ local_hour: slot, ...row })) };
  });
}
