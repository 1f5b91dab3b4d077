import type { TableColumn, TableRow } from './table-column';

/**
 * Trending compares an artist's streams in the `windowDays` days ending on a day with the
 * `windowDays` days before, and lists only artists with at least `minStreams` streams in the
 * current window, so that noise does not trend.
 */
export const TRENDING_DEFAULTS = { windowDays: 7, minStreams: 20 } as const;

const day = { name: 'day', type: 'date', nullable: false, description: 'UTC date of the events (silver event_date): the partition column.' } as const;
const streams = { name: 'streams', type: 'long', nullable: false, description: 'Qualified plays (plays with ms_played >= 30 000).' } as const;
const listeners = { name: 'listeners', type: 'long', nullable: false, description: 'Distinct users with at least one stream.' } as const;
const minutesListened = { name: 'minutes_listened', type: 'double', nullable: false, description: 'Sum of ms_played of plays and skips / 60 000.' } as const;
const plays = { name: 'plays', type: 'long', nullable: false, description: 'Play events, whatever their length.' } as const;
const skips = { name: 'skips', type: 'long', nullable: false, description: 'Skip events.' } as const;
const events = { name: 'events', type: 'long', nullable: false, description: 'Events of any type.' } as const;
const likes = { name: 'likes', type: 'long', nullable: false, description: 'Like events.' } as const;
const shares = { name: 'shares', type: 'long', nullable: false, description: 'Share events.' } as const;
const artistId = { name: 'artist_id', type: 'string', nullable: false, description: 'Artist identifier.' } as const;
const artistName = { name: 'artist_name', type: 'string', nullable: false, description: 'Latest artist name seen for the artist_id in the rows counted.' } as const;
const genre = { name: 'genre', type: 'string', nullable: false, description: 'Genre (lower case).' } as const;
const shareOfStreams = {
  name: 'share_of_streams',
  type: 'double',
  nullable: true,
  description: 'streams / all streams of the same day and hour slot; null when that slot has no stream.',
} as const;
const listeningBreakdown = [plays, streams, skips, listeners, minutesListened] as const;
/** Every kind of event counted, and the minutes listened. */
const activityCounts = [events, plays, streams, skips, likes, shares, minutesListened] as const;

export interface GoldTableDefinition {
  name: string;
  /** Where the table lives, relative to LAKE_URI. */
  path: readonly string[];
  description: string;
  /** The columns that identify a row (unique together). */
  grain: readonly string[];
  columns: readonly TableColumn[];
  partitionColumns: readonly string[];
}

/** Every gold table, its grain and its columns in order. All are partitioned by UTC day. */
export const GOLD_TABLES = [
  {
    name: 'top_artists_daily',
    path: ['gold', 'top_artists_daily'],
    description: 'Most-played artists per day: one row per artist with at least one play or skip that day; rank_in_day 1 = most streams.',
    grain: ['day', 'artist_id'],
    columns: [
      day,
      artistId,
      artistName,
      streams,
      listeners,
      minutesListened,
      plays,
      skips,
      { name: 'rank_in_day', type: 'integer', nullable: false, description: 'Position by streams, then minutes_listened (descending), then artist_id.' },
    ],
    partitionColumns: ['day'],
  },
  {
    name: 'top_tracks_daily',
    path: ['gold', 'top_tracks_daily'],
    description: 'Most-played tracks per day: one row per track with at least one play or skip that day; rank_in_day 1 = most streams.',
    grain: ['day', 'track_id'],
    columns: [
      day,
      { name: 'track_id', type: 'string', nullable: false, description: 'Track identifier.' },
      { name: 'track_title', type: 'string', nullable: false, description: 'Latest title seen for the track_id that day.' },
      artistId,
      artistName,
      streams,
      listeners,
      minutesListened,
      plays,
      skips,
      { name: 'rank_in_day', type: 'integer', nullable: false, description: 'Position by streams, then minutes_listened (descending), then track_id.' },
    ],
    partitionColumns: ['day'],
  },
  {
    name: 'genres_by_hour_bucket_daily',
    path: ['gold', 'genres_by_hour_bucket_daily'],
    description: "Preferred genres per part of the listener's local day: one row per (bucket, genre) with at least one play or skip.",
    grain: ['day', 'hour_bucket', 'genre'],
    columns: [
      day,
      { name: 'hour_bucket', type: 'string', nullable: false, description: 'night (0–5), morning (6–11), afternoon (12–17), evening (18–23), local time.' },
      genre,
      streams,
      listeners,
      minutesListened,
      shareOfStreams,
      { name: 'rank_in_bucket', type: 'integer', nullable: false, description: 'Position by streams, then minutes_listened (descending), then genre.' },
    ],
    partitionColumns: ['day'],
  },
  {
    name: 'genres_by_local_hour_daily',
    path: ['gold', 'genres_by_local_hour_daily'],
    description: "Preferred genres per hour of the listener's local clock: one row per (local hour, genre) with at least one play or skip.",
    grain: ['day', 'local_hour', 'genre'],
    columns: [
      day,
      { name: 'local_hour', type: 'integer', nullable: false, description: "Hour 0–23 on the listener's wall clock." },
      genre,
      streams,
      listeners,
      minutesListened,
      shareOfStreams,
      { name: 'rank_in_hour', type: 'integer', nullable: false, description: 'Position by streams, then minutes_listened (descending), then genre.' },
    ],
    partitionColumns: ['day'],
  },
  {
    name: 'plays_by_country_daily',
    path: ['gold', 'plays_by_country_daily'],
    description: 'Listening per country: one row per country with at least one play or skip that day.',
    grain: ['day', 'country'],
    columns: [day, { name: 'country', type: 'string', nullable: false, description: 'ISO 3166-1 alpha-2 country.' }, ...listeningBreakdown],
    partitionColumns: ['day'],
  },
  {
    name: 'plays_by_platform_daily',
    path: ['gold', 'plays_by_platform_daily'],
    description: 'Listening per client platform: one row per platform with at least one play or skip that day.',
    grain: ['day', 'platform'],
    columns: [day, { name: 'platform', type: 'string', nullable: false, description: 'Client platform, e.g. ios.' }, ...listeningBreakdown],
    partitionColumns: ['day'],
  },
  {
    name: 'plays_by_device_daily',
    path: ['gold', 'plays_by_device_daily'],
    description: 'Listening per device model: one row per device with at least one play or skip that day.',
    grain: ['day', 'device'],
    columns: [day, { name: 'device', type: 'string', nullable: false, description: 'Device model, e.g. iPhone 15.' }, ...listeningBreakdown],
    partitionColumns: ['day'],
  },
  {
    name: 'daily_active_listeners',
    path: ['gold', 'daily_active_listeners'],
    description: 'Activity per day: one row per day with at least one event.',
    grain: ['day'],
    columns: [
      day,
      { name: 'active_listeners', type: 'long', nullable: false, description: 'Distinct users with at least one event of any type.' },
      { name: 'streaming_listeners', type: 'long', nullable: false, description: 'Distinct users with at least one stream.' },
      ...activityCounts,
    ],
    partitionColumns: ['day'],
  },
  {
    name: 'skip_rate_daily',
    path: ['gold', 'skip_rate_daily'],
    description: 'Skip rate per genre: one row per genre with at least one play or skip that day. Sum starts and skips to roll up.',
    grain: ['day', 'genre'],
    columns: [
      day,
      genre,
      { name: 'starts', type: 'long', nullable: false, description: 'Track starts: plays + skips.' },
      skips,
      { name: 'skip_rate', type: 'double', nullable: false, description: 'skips / starts.' },
    ],
    partitionColumns: ['day'],
  },
  {
    name: 'like_share_rates_daily',
    path: ['gold', 'like_share_rates_daily'],
    description: 'Like and share rates per genre: one row per genre with at least one event that day. Sum streams, likes and shares to roll up.',
    grain: ['day', 'genre'],
    columns: [
      day,
      genre,
      streams,
      likes,
      shares,
      { name: 'like_rate', type: 'double', nullable: true, description: 'likes / streams; null when there is no stream.' },
      { name: 'share_rate', type: 'double', nullable: true, description: 'shares / streams; null when there is no stream.' },
    ],
    partitionColumns: ['day'],
  },
  {
    name: 'plays_per_hour',
    path: ['gold', 'plays_per_hour'],
    description: 'Listening per UTC hour: one row per hour with at least one play or skip.',
    grain: ['day', 'hour_utc'],
    columns: [
      day,
      { name: 'hour_utc', type: 'integer', nullable: false, description: 'Hour 0–23 of occurred_at in UTC.' },
      { name: 'hour_start', type: 'timestamp', nullable: false, description: 'Start of that UTC hour.' },
      ...listeningBreakdown,
    ],
    partitionColumns: ['day'],
  },
  {
    name: 'activity_per_minute',
    path: ['gold', 'activity_per_minute'],
    description:
      'Activity per UTC minute, each listener counted once a day in the minute of their first event (and of their first stream): summing the minutes of a day up to a time gives what the day held by then.',
    grain: ['day', 'minute_of_day'],
    columns: [
      day,
      { name: 'minute_of_day', type: 'integer', nullable: false, description: 'Minute 0–1439 of occurred_at in the UTC day (hour × 60 + minute).' },
      ...activityCounts,
      { name: 'new_active_listeners', type: 'long', nullable: false, description: 'Users whose first event of the UTC day falls in this minute.' },
      { name: 'new_streaming_listeners', type: 'long', nullable: false, description: 'Users whose first stream of the UTC day falls in this minute.' },
    ],
    partitionColumns: ['day'],
  },
  {
    name: 'trending_artists_daily',
    path: ['gold', 'trending_artists_daily'],
    description:
      'Artists whose streams grow: for each day, streams in the window of windowDays days ending that day vs the windowDays days before; only artists with at least minStreams streams in the current window.',
    grain: ['day', 'artist_id'],
    columns: [
      { ...day, description: 'Last UTC day of the current window (the as-of day): the partition column.' },
      artistId,
      { ...artistName, description: 'Latest artist name seen in the current window.' },
      { name: 'streams_current', type: 'long', nullable: false, description: 'Streams in the windowDays days ending on day.' },
      { name: 'streams_previous', type: 'long', nullable: false, description: 'Streams in the windowDays days before those.' },
      { name: 'growth_rate', type: 'double', nullable: true, description: '(streams_current - streams_previous) / streams_previous; null when streams_previous = 0.' },
      { name: 'trend_score', type: 'double', nullable: false, description: '(streams_current - streams_previous) / (streams_previous + minStreams): growth damped for small counts.' },
      { name: 'rank_in_day', type: 'integer', nullable: false, description: 'Position by trend_score, then streams_current (descending), then artist_id.' },
    ],
    partitionColumns: ['day'],
  },
] as const satisfies readonly GoldTableDefinition[];

export type GoldTable = (typeof GOLD_TABLES)[number];
export type GoldTableName = GoldTable['name'];
export type GoldRow<Name extends GoldTableName> = TableRow<Extract<GoldTable, { name: Name }>['columns']>;

export const GOLD_TABLE_NAMES: readonly GoldTableName[] = GOLD_TABLES.map((table) => table.name);

export function goldTable<Name extends GoldTableName>(name: Name): Extract<GoldTable, { name: Name }> {
  const table = GOLD_TABLES.find((candidate) => candidate.name === name);
  if (!table) throw new Error(`Unknown gold table "${name}"; known: ${GOLD_TABLE_NAMES.join(', ')}`);
  return table as Extract<GoldTable, { name: Name }>;
}
