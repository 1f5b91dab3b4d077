import type { ListeningEvent } from '@music/events';

/** Where a record came from in Kafka. */
export interface KafkaSource {
  topic: string;
  partition: number;
  offset: string;
}

/** One row of the bronze table: the event, flattened, plus its Kafka coordinates and ingestion time. */
export interface BronzeRow {
  event_id: string;
  schema_version: number;
  event_type: string;
  occurred_at: string;
  /** UTC date of occurred_at: the partition column. */
  event_date: string;
  user_id: string;
  session_id: string;
  track_id: string;
  track_title: string;
  artist_id: string;
  artist_name: string;
  genre: string;
  duration_ms: number;
  ms_played: number | null;
  completed: boolean | null;
  share_channel: string | null;
  platform: string;
  device: string;
  country: string;
  timezone: string;
  app_version: string;
  source_topic: string;
  source_partition: number;
  source_offset: number;
  ingested_at: string;
}

export type BronzeColumnType = 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'date';

/** The bronze table's columns in order, with Delta types and nullability. */
export const BRONZE_COLUMNS: readonly { name: keyof BronzeRow; type: BronzeColumnType; nullable: boolean }[] = [
  { name: 'event_id', type: 'string', nullable: false },
  { name: 'schema_version', type: 'integer', nullable: false },
  { name: 'event_type', type: 'string', nullable: false },
  { name: 'occurred_at', type: 'timestamp', nullable: false },
  { name: 'event_date', type: 'date', nullable: false },
  { name: 'user_id', type: 'string', nullable: false },
  { name: 'session_id', type: 'string', nullable: false },
  { name: 'track_id', type: 'string', nullable: false },
  { name: 'track_title', type: 'string', nullable: false },
  { name: 'artist_id', type: 'string', nullable: false },
  { name: 'artist_name', type: 'string', nullable: false },
  { name: 'genre', type: 'string', nullable: false },
  { name: 'duration_ms', type: 'long', nullable: false },
  { name: 'ms_played', type: 'long', nullable: true },
  { name: 'completed', type: 'boolean', nullable: true },
  { name: 'share_channel', type: 'string', nullable: true },
  { name: 'platform', type: 'string', nullable: false },
  { name: 'device', type: 'string', nullable: false },
  { name: 'country', type: 'string', nullable: false },
  { name: 'timezone', type: 'string', nullable: false },
  { name: 'app_version', type: 'string', nullable: false },
  { name: 'source_topic', type: 'string', nullable: false },
  { name: 'source_partition', type: 'integer', nullable: false },
  { name: 'source_offset', type: 'long', nullable: false },
  { name: 'ingested_at', type: 'timestamp', nullable: false },
];

export const BRONZE_PARTITION_COLUMNS = ['event_date'] as const;

export function toBronzeRow(event: ListeningEvent, source: KafkaSource, ingestedAt: Date): BronzeRow {
  const { track } = event;
  return {
    event_id: event.event_id,
    schema_version: event.schema_version,
    event_type: event.event_type,
    occurred_at: event.occurred_at,
    event_date: event.occurred_at.slice(0, 10),
    user_id: event.user_id,
    session_id: event.session_id,
    track_id: track.track_id,
    track_title: track.title,
    artist_id: track.artist_id,
    artist_name: track.artist_name,
    genre: track.genre,
    duration_ms: track.duration_ms,
    ms_played: event.event_type === 'play' || event.event_type === 'skip' ? event.ms_played : null,
    completed: event.event_type === 'play' ? event.completed : null,
    share_channel: event.event_type === 'share' ? event.channel : null,
    platform: event.platform,
    device: event.device,
    country: event.country,
    timezone: event.timezone,
    app_version: event.app_version,
    source_topic: source.topic,
    source_partition: source.partition,
    source_offset: Number(source.offset),
    ingested_at: ingestedAt.toISOString(),
  };
}
