import { z } from 'zod';
import { HOUR_BUCKET_NAMES } from './gold-table-dimensions';
import { checkRangeParams, endpointQuery, genreParam, limitParam, rangeParams } from './query-params';
import { listenerDaysField, rangeFields, tableVersionFields } from './response-fields';

/** GET /v1/genres/hour-buckets and /v1/genres/local-hours: preferred genres per part of the local day or per local hour. */

const genreFields = {
  rank: z.number().int().describe('Position of the genre in its slot: 1 = most streams; ties by minutes listened, then genre.'),
  genre: z.string(),
  streams: z.number().int().describe('Streams (plays of at least 30 s).'),
  minutes_listened: z.number().describe('Minutes listened (plays and skips).'),
  listener_days: listenerDaysField,
  share_of_streams: z.number().nullable().describe("The genre's streams / all streams of the slot in the period; null when the slot has none."),
};

const genreQueryShape = {
  ...rangeParams,
  limit: limitParam(10, 'Genres per slot, best first; ignored for the genre asked by `genre`'),
  genre: genreParam.optional().describe('Only this genre (its rank and share still count every genre of the slot).'),
};

export const genresByHourBucketQuery = endpointQuery('GET /v1/genres/hour-buckets', ['genres_by_hour_bucket_daily'], genreQueryShape).superRefine(checkRangeParams);
export type GenresByHourBucketQuery = z.output<typeof genresByHourBucketQuery>;

export const genresByHourBucketResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  genre: z.string().nullable().describe('The genre asked for, or null for the top genres of each bucket.'),
  rows: z
    .array(z.object({ hour_bucket: z.enum(HOUR_BUCKET_NAMES).describe('night (0–5), morning (6–11), afternoon (12–17), evening (18–23), local time.'), ...genreFields }))
    .describe('By bucket (night, morning, afternoon, evening), then rank.'),
});
export type GenresByHourBucketResponse = z.output<typeof genresByHourBucketResponse>;

export const genresByLocalHourQuery = endpointQuery('GET /v1/genres/local-hours', ['genres_by_local_hour_daily'], genreQueryShape).superRefine(checkRangeParams);
export type GenresByLocalHourQuery = z.output<typeof genresByLocalHourQuery>;

export const genresByLocalHourResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  genre: z.string().nullable().describe('The genre asked for, or null for the top genres of each hour.'),
  rows: z.array(z.object({ local_hour: z.number().int().min(0).max(23).describe("Hour 0–23 on the listener's wall clock."), ...genreFields })).describe('By local hour, then rank.'),
});
export type GenresByLocalHourResponse = z.output<typeof genresByLocalHourResponse>;
