import { CURRENT_SCHEMA_VERSION } from '@music/events';

/**
 * Bronze rows as DuckDB builds them from JSON lines, so that the ingest hands DuckDB the bytes it
 * consumed instead of building, encoding and checking 25 cells per event in JS. One line per
 * record the event validator accepted:
 *
 *   {"source_topic":"…","source_partition":3,"source_offset":41,"event":<the Kafka record's value>}
 *
 * `bronzeEventLinesSql` is toBronzeRow's mapping in SQL (bronze-event-lines.spec.ts checks that
 * both give the same rows for every event type). It maps events of the current schema version
 * only: a line whose event declares another version (an older one the validator upgraded) makes
 * the query fail, and that batch's rows must come from toBronzeRow of the upgraded events.
 */

/** A record whose value is the JSON of a valid event. */
export interface BronzeEventSource {
  topic: string;
  partition: number;
  /** Kafka's offset, a decimal string. */
  offset: string;
  value: Uint8Array;
}

const CLOSE_BRACE = 0x7d;
const NEWLINE = 0x0a;
const ZERO = 0x30;
const NINE = 0x39;
// Kafka topic names are ASCII (letters, digits, '.', '_', '-'): every prefix is one byte per character.
const KAFKA_TOPIC = /^[A-Za-z0-9._-]+$/;
const EVENT_MEMBER = Buffer.from(',"event":', 'latin1');

/** `{"source_topic":"…","source_partition":…,"source_offset":` of one partition, checked once. */
function partitionPrefix(topic: string, partition: number): Buffer {
  if (!KAFKA_TOPIC.test(topic) || !Number.isSafeInteger(partition) || partition < 0) {
    throw new Error(`bronze event lines: ${topic}/${partition} is not a Kafka partition`);
  }
  return Buffer.from(`{"source_topic":"${topic}","source_partition":${partition},"source_offset":`, 'latin1');
}

/**
 * The JSON lines of `records`, in order, in one buffer. Each line's prefix is built once per
 * partition and its offset written digit by digit: one string and one native write per record
 * cost more than the copy of the value itself.
 */
export function encodeBronzeEventLines(records: readonly BronzeEventSource[]): Buffer {
  const prefixes = new Map<string, Map<number, Buffer>>();
  const prefixOf = new Array<Buffer>(records.length);
  let bytes = 0;
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as BronzeEventSource;
    let ofTopic = prefixes.get(record.topic);
    if (ofTopic === undefined) prefixes.set(record.topic, (ofTopic = new Map()));
    let prefix = ofTopic.get(record.partition);
    if (prefix === undefined) ofTopic.set(record.partition, (prefix = partitionPrefix(record.topic, record.partition)));
    prefixOf[index] = prefix;
    bytes += prefix.length + record.offset.length + EVENT_MEMBER.length + record.value.byteLength + 2;
  }
  const lines = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as BronzeEventSource;
    const prefix = prefixOf[index] as Buffer;
    at += prefix.copy(lines, at);
    const { offset } = record;
    if (offset.length === 0 || offset.length > 19) throw notAnOffset(record);
    for (let i = 0; i < offset.length; i++) {
      const digit = offset.charCodeAt(i);
      if (digit < ZERO || digit > NINE) throw notAnOffset(record);
      lines[at++] = digit;
    }
    at += EVENT_MEMBER.copy(lines, at);
    lines.set(record.value, at);
    at += record.value.byteLength;
    lines[at++] = CLOSE_BRACE;
    lines[at++] = NEWLINE;
  }
  return lines;
}

function notAnOffset(record: BronzeEventSource): Error {
  return new Error(`bronze event lines: ${record.topic}/${record.partition}/${record.offset} is not a Kafka position`);
}

const EVENT_TYPE =
  'STRUCT(event_id VARCHAR, schema_version BIGINT, event_type VARCHAR, occurred_at VARCHAR, user_id VARCHAR, session_id VARCHAR, ' +
  'track STRUCT(track_id VARCHAR, title VARCHAR, artist_id VARCHAR, artist_name VARCHAR, genre VARCHAR, duration_ms BIGINT), ' +
  'ms_played BIGINT, completed BOOLEAN, channel VARCHAR, platform VARCHAR, device VARCHAR, country VARCHAR, timezone VARCHAR, app_version VARCHAR)';

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The bronze rows of a file of JSON lines, ingested at `ingestedAt`, as a DuckDB query (bronze's columns, in order). */
export function bronzeEventLinesSql(path: string, ingestedAt: Date): string {
  const version = CURRENT_SCHEMA_VERSION;
  return `SELECT
  event.event_id AS event_id,
  CAST(CASE WHEN event.schema_version = ${version} THEN ${version}
    ELSE error('bronze event lines: the event at ' || source_topic || '/' || source_partition || '/' || source_offset
      || ' has schema_version ' || coalesce(CAST(event.schema_version AS VARCHAR), 'null') || ', not ${version}') END AS INTEGER) AS schema_version,
  event.event_type AS event_type,
  CAST(event.occurred_at AS TIMESTAMPTZ) AS occurred_at,
  CAST(left(event.occurred_at, 10) AS DATE) AS event_date,
  event.user_id AS user_id,
  event.session_id AS session_id,
  event.track.track_id AS track_id,
  event.track.title AS track_title,
  event.track.artist_id AS artist_id,
  event.track.artist_name AS artist_name,
  event.track.genre AS genre,
  event.track.duration_ms AS duration_ms,
  CASE WHEN event.event_type IN ('play', 'skip') THEN event.ms_played END AS ms_played,
  CASE WHEN event.event_type = 'play' THEN event.completed END AS completed,
  CASE WHEN event.event_type = 'share' THEN event.channel END AS share_channel,
  event.platform AS platform,
  event.device AS device,
  event.country AS country,
  event.timezone AS timezone,
  event.app_version AS app_version,
  source_topic,
  source_partition,
  source_offset,
  CAST(${sqlString(ingestedAt.toISOString())} AS TIMESTAMPTZ) AS ingested_at
FROM read_ndjson(${sqlString(path)}, columns = {'source_topic': 'VARCHAR', 'source_partition': 'INTEGER', 'source_offset': 'BIGINT', 'event': ${sqlString(EVENT_TYPE)}})`;
}
