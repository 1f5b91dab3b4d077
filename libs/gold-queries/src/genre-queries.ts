import { HOUR_BUCKETS } from '@music/tables';
import { z } from 'zod';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import type { TableView } from './lake-table-reader';
import { partitionDays } from './partition-days';
import { checkRangeParams, endpointQuery, genreParam, limitParam, rangeParams, resolveRange } from './query-params';
import { listenerDaysField, rangeFields, tableVersionFields, tableVersionOf } from './response-fields';
import { parseRows, sqlCount, sqlDouble, sqlText } from './sql-rows';

/** Preferred genres per part of the listener's local day, or per local hour, over a period. */

const genreFields = {
  rank: z.number().int().describe('Position of the genre in its slot: 1 = most streams; ties by minutes listened, then genre.'),
  genre: z.string(),
  streams: z.number().int().describe('Streams (plays of at least 30 s).'),
  minutes_listened: z.number().describe('Minutes listened (plays and skips).'),
  listener_days: listenerDaysField,
  share_of_streams: z.number().nullable().describe("The genre's streams / all streams of the slot in the period; null when the slot has none."),
};
const genreRow = { rank: sqlCount, genre: sqlText, streams: sqlCount, minutes_listened: sqlDouble, listener_days: sqlCount, share_of_streams: sqlDouble.nullable() };

const genreQueryShape = {
  ...rangeParams,
  limit: limitParam(10, 'Genres per slot, best first; ignored for the genre asked by `genre`'),
  genre: genreParam.optional().describe('Only this genre (its rank and share still count every genre of the slot).'),
};

/**
 * Sums a genre table over the range per (slot, genre), ranks genres within each slot and keeps
 * the top `limit` of each, or only `genre`. `slot` is a column of the table, chosen by the caller.
 */
async function rankGenres(context: GoldQueryContext, view: TableView, slot: 'hour_bucket' | 'local_hour', range: { from: string; to: string }, query: { limit: number; genre?: string | undefined }) {
  return context.reader.rows(
    `WITH gold AS (${view.relation}),
     per_genre AS (
       SELECT ${slot} AS slot, genre,
         CAST(sum(streams) AS BIGINT) AS streams,
         CAST(sum(minutes_listened) AS DOUBLE) AS minutes_listened,
         CAST(sum(listeners) AS BIGINT) AS listener_days
       FROM gold
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

export const genresByHourBucketQuery = endpointQuery('GET /v1/genres/hour-buckets', ['genres_by_hour_bucket_daily'], genreQueryShape).superRefine(checkRangeParams);
export type GenresByHourBucketQuery = z.output<typeof genresByHourBucketQuery>;

const HOUR_BUCKET_NAMES = HOUR_BUCKETS.map((bucket) => bucket.name);
export const genresByHourBucketResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  genre: z.string().nullable().describe('The genre asked for, or null for the top genres of each bucket.'),
  rows: z
    .array(z.object({ hour_bucket: z.enum(HOUR_BUCKET_NAMES).describe('night (0–5), morning (6–11), afternoon (12–17), evening (18–23), local time.'), ...genreFields }))
    .describe('By bucket (night, morning, afternoon, evening), then rank.'),
});
export type GenresByHourBucketResponse = z.output<typeof genresByHourBucketResponse>;

const hourBucketRow = z.object({ slot: z.enum(HOUR_BUCKET_NAMES), ...genreRow });

export async function genresByHourBucket(context: GoldQueryContext, query: GenresByHourBucketQuery): Promise<Served<GenresByHourBucketResponse>> {
  const view = await context.reader.view('genres_by_hour_bucket_daily');
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  return serveCached(context, 'genres-hour-buckets', { ...range, limit: query.limit, genre: query.genre ?? null }, [view], async () => {
    const rows = parseRows(hourBucketRow, await rankGenres(context, view, 'hour_bucket', range, query), 'genres-hour-buckets');
    const bucketOrder = (name: string) => HOUR_BUCKET_NAMES.indexOf(name as (typeof HOUR_BUCKET_NAMES)[number]);
    const ordered = rows.sort((a, b) => bucketOrder(a.slot) - bucketOrder(b.slot) || a.rank - b.rank);
    return { ...tableVersionOf(view), ...range, genre: query.genre ?? null, rows: ordered.map(({ slot, ...row }) => ({ hour_bucket: slot, ...row })) };
  });
}

export const genresByLocalHourQuery = endpointQuery('GET /v1/genres/local-hours', ['genres_by_local_hour_daily'], genreQueryShape).superRefine(checkRangeParams);
export type GenresByLocalHourQuery = z.output<typeof genresByLocalHourQuery>;

export const genresByLocalHourResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  genre: z.string().nullable().describe('The genre asked for, or null for the top genres of each hour.'),
  rows: z.array(z.object({ local_hour: z.number().int().min(0).max(23).describe("Hour 0–23 on the listener's wall clock."), ...genreFields })).describe('By local hour, then rank.'),
});
export type GenresByLocalHourResponse = z.output<typeof genresByLocalHourResponse>;

const localHourRow = z.object({ slot: z.number().int(), ...genreRow });

export async function genresByLocalHour(context: GoldQueryContext, query: GenresByLocalHourQuery): Promise<Served<GenresByLocalHourResponse>> {
  const view = await context.reader.view('genres_by_local_hour_daily');
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  return serveCached(context, 'genres-local-hours', { ...range, limit: query.limit, genre: query.genre ?? null }, [view], async () => {
    const rows = parseRows(localHourRow, await rankGenres(context, view, 'local_hour', range, query), 'genres-local-hours');
    return { ...tableVersionOf(view), ...range, genre: query.genre ?? null, rows: rows.map(({ slot, ...row }) => ({ local_hour: slot, ...row })) };
  });
}
