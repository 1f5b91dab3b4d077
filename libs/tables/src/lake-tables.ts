import { BRONZE_COLUMNS, BRONZE_PARTITION_COLUMNS } from './bronze-row';
import { ERASED_LISTENER_COLUMNS } from './erased-listener';
import { QUARANTINE_COLUMNS, QUARANTINE_PARTITION_COLUMNS } from './quarantine-row';

/**
 * The ingest commits once per micro-batch, up to about one commit a second per instance (86,400
 * log files a day), which the log cleanup and VACUUM list on every pass. Delta's default log
 * retention (30 days) would keep about 2.6 million of them. 7 days is VACUUM's default retention
 * too: a version older than that may already miss data files, so its log is of no use.
 */
const INGEST_TABLE_PROPERTIES = { 'delta.logRetentionDuration': 'interval 7 days' } as const;
// Snappy: the codec the ingest's own Parquet encoder writes (bronze-data-files.ts), as Spark and delta-rs do by default.
const BRONZE_TABLE_PROPERTIES = { ...INGEST_TABLE_PROPERTIES, 'delta.parquet.compression.codec': 'snappy' } as const;

/** Where each table of the lake lives, relative to LAKE_URI, with its contract. */
export const BRONZE_TABLE = {
  name: 'bronze_listening_events',
  path: ['bronze', 'listening_events'],
  columns: BRONZE_COLUMNS,
  partitionColumns: BRONZE_PARTITION_COLUMNS,
  personalColumns: ['user_id', 'session_id'],
  properties: BRONZE_TABLE_PROPERTIES,
  description: 'Every valid listening event as consumed from Kafka, exactly once, with its topic/partition/offset and ingestion time.',
} as const;

export const QUARANTINE_TABLE = {
  name: 'bronze_quarantine',
  path: ['bronze', 'quarantine'],
  columns: QUARANTINE_COLUMNS,
  partitionColumns: QUARANTINE_PARTITION_COLUMNS,
  // The payload and the issues (which quote received values) may hold any personal field.
  personalColumns: ['raw_payload', 'user_id', 'error_summary', 'issues'],
  properties: INGEST_TABLE_PROPERTIES,
  description: 'Every rejected record: the original payload, the precise validation issues, and where it came from.',
} as const;

export const ERASED_LISTENERS_TABLE = {
  name: 'erased_listeners',
  path: ['governance', 'erased_listeners'],
  columns: ERASED_LISTENER_COLUMNS,
  partitionColumns: [],
  description: 'Listeners erased under the GDPR: the SHA-256 of their user_id and when. Their events that occurred before it are kept out of bronze, quarantine and silver.',
} as const;
