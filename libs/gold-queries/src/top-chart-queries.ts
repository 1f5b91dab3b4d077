import type { TopArtistsQuery, TopArtistsResponse, TopTracksQuery, TopTracksResponse } from '@music/metrics-contract';
import { z } from 'zod';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import { partitionDays } from './partition-days';
import { resolveRange } from './resolve-range';
import { parseRows, sqlCount, sqlDouble, sqlText } from './sql-rows';
import { tableVersionOf } from './table-version';

/** Most-streamed artists and tracks over a period, from the daily top tables summed over its days. */

const listeningRow = { streams: sqlCount, plays: sqlCount, skips: sqlCount, minutes_listened: sqlDouble, listener_days: sqlCount };
const LISTENING_SUMS = `
  CAST(sum(streams) AS BIGINT) AS streams,
  CAST(sum(plays) AS BIGINT) AS plays,
  CAST(sum(skips) AS BIGINT) AS skips,
  CAST(sum(minutes_listened) AS DOUBLE) AS minutes_listened,
  CAST(sum(listeners) AS BIGINT) AS listener_days`;

const artistRow = z.object({ artist_id: sqlText, artist_name: sqlText, ...listeningRow });

export async function topArtists(context: GoldQueryContext, query: TopArtistsQuery): Promise<Served<TopArtistsResponse>> {
  const view = await context.reader.view('top_artists_daily');
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  return serveCached(context, 'top-artists', { ...range, limit: query.limit }, [view], async () => {
    const rows = await context.reader.rows(
      `WITH gold AS (${view.relation})
       SELECT artist_id, arg_max(artist_name, day) AS artist_name, ${LISTENING_SUMS}
       FROM gold
       WHERE day BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
       GROUP BY artist_id
       ORDER BY streams DESC, minutes_listened DESC, artist_id
       LIMIT $3`,
      [range.from, range.to, query.limit],
    );
    const artists = parseRows(artistRow, rows, 'top-artists').map((row, index) => ({ rank: index + 1, ...row }));
    return { ...tableVersionOf(view), ...range, artists };
  });
}

const trackRow = z.object({ track_id: sqlText, track_title: sqlText, artist_id: sqlText, artist_name: sqlText, ...listeningRow });

export async function topTracks(context: GoldQueryContext, query: TopTracksQuery): Promise<Served<TopTracksResponse>> {
  const view = await context.reader.view('top_tracks_daily');
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  return serveCached(context, 'top-tracks', { ...range, limit: query.limit }, [view], async () => {
    const rows = await context.reader.rows(
      `WITH gold AS (${view.relation})
       SELECT
         track_id,
         arg_max(track_title, day) AS track_title,
         arg_max(artist_id, day) AS artist_id,
         arg_max(artist_name, day) AS artist_name,
         ${LISTENING_SUMS}
       FROM gold
       WHERE day BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
       GROUP BY track_id
       ORDER BY streams DESC, minutes_listened DESC, track_id
       LIMIT $3`,
      [range.from, range.to, query.limit],
    );
    const tracks = parseRows(trackRow, rows, 'top-tracks').map((row, index) => ({ rank: index + 1, ...row }));
    return { ...tableVersionOf(view), ...range, tracks };
  });
}
