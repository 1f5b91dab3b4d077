import { z } from 'zod';
import { checkRangeParams, endpointQuery, limitParam, rangeParams } from './query-params';
import { listenerDaysField, rangeFields, tableVersionFields } from './response-fields';

/** GET /v1/top-artists and /v1/top-tracks: most-streamed artists and tracks over a period. */

const listening = {
  streams: z.number().int().describe('Streams (plays of at least 30 s).'),
  plays: z.number().int().describe('Play events, whatever their length.'),
  skips: z.number().int().describe('Skip events.'),
  minutes_listened: z.number().describe('Minutes listened (plays and skips).'),
  listener_days: listenerDaysField,
};

export const topArtistsQuery = endpointQuery('GET /v1/top-artists', ['top_artists_daily'], { ...rangeParams, limit: limitParam(10, 'Artists to list') }).superRefine(
  checkRangeParams,
);
export type TopArtistsQuery = z.output<typeof topArtistsQuery>;

export const topArtistsResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  artists: z
    .array(
      z.object({
        rank: z.number().int().describe('1 = most streams; ties by minutes listened, then artist_id.'),
        artist_id: z.string(),
        artist_name: z.string().describe('Latest name seen for the artist in the period.'),
        ...listening,
      }),
    )
    .describe('Artists with at least one play or skip in the period, most streamed first.'),
});
export type TopArtistsResponse = z.output<typeof topArtistsResponse>;

export const topTracksQuery = endpointQuery('GET /v1/top-tracks', ['top_tracks_daily'], { ...rangeParams, limit: limitParam(10, 'Tracks to list') }).superRefine(
  checkRangeParams,
);
export type TopTracksQuery = z.output<typeof topTracksQuery>;

export const topTracksResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  tracks: z
    .array(
      z.object({
        rank: z.number().int().describe('1 = most streams; ties by minutes listened, then track_id.'),
        track_id: z.string(),
        track_title: z.string().describe('Latest title seen for the track in the period.'),
        artist_id: z.string(),
        artist_name: z.string(),
        ...listening,
      }),
    )
    .describe('Tracks with at least one play or skip in the period, most streamed first.'),
});
export type TopTracksResponse = z.output<typeof topTracksResponse>;
