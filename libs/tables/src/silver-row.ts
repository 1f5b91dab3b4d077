import type { TableColumn, TableRow } from './table-column';

/** A play counts as a stream (a qualified play) from this many milliseconds played. */
export const QUALIFIED_PLAY_MIN_MS = 30_000;

/** Parts of the listener's local day, by local hour: night 0–5, morning 6–11, afternoon 12–17, evening 18–23. */
export const HOUR_BUCKETS = [
  { name: 'night', fromHour: 0, toHour: 5 },
  { name: 'morning', fromHour: 6, toHour: 11 },
  { name: 'afternoon', fromHour: 12, toHour: 17 },
  { name: 'evening', fromHour: 18, toHour: 23 },
] as const;

export type HourBucket = (typeof HOUR_BUCKETS)[number]['name'];

/**
 * The silver table: one row per event_id (the earliest ingested bronze copy), normalised and
 * enriched with the listener's local time. Partitioned by event_date, the UTC date of occurred_at.
 */
export const SILVER_COLUMNS = [
  { name: 'event_id', type: 'string', nullable: false, description: 'UUIDv7 chosen by the client; unique in silver.' },
  { name: 'schema_version', type: 'integer', nullable: false, description: 'Event contract version the writer used.' },
  { name: 'event_type', type: 'string', nullable: false, description: 'play, skip, like or share (lower case).' },
  { name: 'occurred_at', type: 'timestamp', nullable: false, description: 'When the listener did it (UTC instant).' },
  { name: 'event_date', type: 'date', nullable: false, description: 'UTC date of occurred_at: the partition column.' },
  { name: 'user_id', type: 'string', nullable: false, description: 'The listener.' },
  { name: 'session_id', type: 'string', nullable: false, description: 'Listening session of the client.' },
  { name: 'track_id', type: 'string', nullable: false, description: 'Track identifier.' },
  { name: 'track_title', type: 'string', nullable: false, description: 'Track title, trimmed.' },
  { name: 'artist_id', type: 'string', nullable: false, description: 'Artist identifier.' },
  { name: 'artist_name', type: 'string', nullable: false, description: 'Artist name, trimmed.' },
  { name: 'genre', type: 'string', nullable: false, description: 'Genre, trimmed and lower case.' },
  { name: 'duration_ms', type: 'long', nullable: false, description: 'Length of the track in milliseconds.' },
  { name: 'ms_played', type: 'long', nullable: true, description: 'Milliseconds played (plays and skips; null for likes and shares).' },
  { name: 'completed', type: 'boolean', nullable: true, description: 'Play reached the end of the track (plays only).' },
  { name: 'share_channel', type: 'string', nullable: true, description: 'Where the track was shared (shares only).' },
  { name: 'platform', type: 'string', nullable: false, description: 'Client platform (lower case), e.g. ios.' },
  { name: 'device', type: 'string', nullable: false, description: 'Device model, trimmed.' },
  { name: 'country', type: 'string', nullable: false, description: 'ISO 3166-1 alpha-2 country, upper case.' },
  { name: 'timezone', type: 'string', nullable: false, description: 'IANA time zone of the device, trimmed.' },
  { name: 'app_version', type: 'string', nullable: false, description: 'Client version.' },
  { name: 'local_date', type: 'date', nullable: false, description: 'Date on the listener\'s wall clock (UTC when the zone is unknown).' },
  { name: 'local_hour', type: 'integer', nullable: false, description: 'Hour 0–23 on the listener\'s wall clock.' },
  { name: 'local_day_of_week', type: 'integer', nullable: false, description: 'ISO day of week of local_date: 1 = Monday … 7 = Sunday.' },
  { name: 'hour_bucket', type: 'string', nullable: false, description: 'night (0–5), morning (6–11), afternoon (12–17) or evening (18–23), from local_hour.' },
  { name: 'is_stream', type: 'boolean', nullable: false, description: 'Qualified play: a play with ms_played >= 30 000.' },
  { name: 'ms_listened', type: 'long', nullable: false, description: 'ms_played of plays and skips, 0 for likes and shares.' },
  { name: 'minutes_listened', type: 'double', nullable: false, description: 'ms_listened / 60 000.' },
  { name: 'source_topic', type: 'string', nullable: false, description: 'Kafka topic of the kept bronze copy.' },
  { name: 'source_partition', type: 'integer', nullable: false, description: 'Kafka partition of the kept bronze copy.' },
  { name: 'source_offset', type: 'long', nullable: false, description: 'Kafka offset of the kept bronze copy.' },
  { name: 'ingested_at', type: 'timestamp', nullable: false, description: 'When the kept bronze copy was ingested.' },
] as const satisfies readonly TableColumn[];

export type SilverRow = TableRow<typeof SILVER_COLUMNS>;

export const SILVER_PARTITION_COLUMNS = ['event_date'] as const;

/** Where the silver table lives, relative to LAKE_URI, with its contract. */
export const SILVER_TABLE = {
  name: 'silver_listening_events',
  path: ['silver', 'listening_events'],
  columns: SILVER_COLUMNS,
  partitionColumns: SILVER_PARTITION_COLUMNS,
  personalColumns: ['user_id', 'session_id'],
  description: 'One row per listening event (earliest ingested bronze copy), normalised, with the listener\'s local time and the stream flag.',
} as const;
