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

/**
 * The `$3` keys of `key` with the most streams over days $1…$2, with their sums and the value of
 * each `names` column on the key's last day in that period (the latest name seen). That day is
 * found with the sums; its row is then one equality join away (the grain is day × key), whereas
 * arg_max over the period's rows of the chosen keys scanned the period a second time.
 */
const topOf = (gold: string, key: string, names: readonly string[]) => `
  WITH top AS (
    SELECT ${key}, max(day) AS last_day, ${LISTENING_SUMS}
    FROM ${gold}
    WHERE day BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
    GROUP BY ${key}
    ORDER BY streams DESC, minutes_listened DESC, ${key}
    LIMIT $3
  )
  SELECT top.${key}, ${names.map((name) => `gold.${name}`).join(', ')}, top.streams, top.plays, top.skips, top.minutes_listened, top.listener_days
  FROM top JOIN ${gold} AS gold ON gold.${key} = top.${key} AND gold.day = top.last_day
  ORDER BY top.streams DESC, top.minutes_listened DESC, top.${key}`;

const artistRow = z.object({ artist_id: sqlText, artist_name: sqlText, ...listeningRow });

export async function topArtists(context: GoldQueryContext, query: TopArtistsQuery): Promise<Served<TopArtistsResponse>> {
  const view = await context.reader.view('top_artists_daily');
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  return serveCached(context, 'topArtists', { ...range, limit: query.limit }, [view], async () => {
    const rows = await context.reader.goldRows(view, (gold) => topOf(gold, 'artist_id', ['artist_name']), [range.from, range.to, query.limit]);
    const artists = parseRows(artistRow, rows, 'top-artists').map((row, index) => ({ rank: index + 1, ...row }));
    return { ...tableVersionOf(view), ...range, artists };
  });
}

const trackRow = z.object({ track_id: sqlText, track_title: sqlText, artist_id: sqlText, artist_name: sqlText, ...listeningRow });

export async function topTracks(context: GoldQueryContext, query: TopTracksQuery): Promise<Served<TopTracksResponse>> {
  const view = await context.reader.view('top_tracks_daily');
  const range = resolveRange(query, context.today, partitionDays(view.snapshot, 'day'));
  return serveCached(context, 'topTracks', { ...range, limit: query.limit }, [view], async () => {
    const rows = await context.reader.goldRows(view, (gold) => topOf(gold, 'track_id', ['track_title', 'artist_id', 'artist_name']), [range.from, range.to, query.limit]);
    const tracks = parseRows(trackRow, rows, 'top-tracks').map((row, index) => ({ rank: index + 1, ...row }));
    return { ...tableVersionOf(view), ...range, tracks };
  });
}
