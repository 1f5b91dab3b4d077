import { formatIssues, type ValidationIssue } from '@music/events';
import type { KafkaSource } from './bronze-row';

/** One rejected record: the original bytes, exactly why, and where it came from. */
export interface QuarantineRow {
  /** The payload as text when it is valid UTF-8, else base64 (see raw_encoding). */
  raw_payload: string | null;
  raw_encoding: 'utf8' | 'base64' | 'null';
  raw_bytes: number;
  /** The payload's user_id when it can be read (JSON with a string user_id): erasure needs it. */
  user_id: string | null;
  error_summary: string;
  /** The validation issues as JSON: [{ path, expected, received, message }]. */
  issues: string;
  source_topic: string;
  source_partition: number;
  source_offset: number;
  ingested_at: string;
  /** UTC date of ingestion: the partition column (the event's own date may be what is broken). */
  ingest_date: string;
}

export const QUARANTINE_COLUMNS = [
  { name: 'raw_payload', type: 'string', nullable: true },
  { name: 'raw_encoding', type: 'string', nullable: false },
  { name: 'raw_bytes', type: 'long', nullable: false },
  { name: 'user_id', type: 'string', nullable: true },
  { name: 'error_summary', type: 'string', nullable: false },
  { name: 'issues', type: 'string', nullable: false },
  { name: 'source_topic', type: 'string', nullable: false },
  { name: 'source_partition', type: 'integer', nullable: false },
  { name: 'source_offset', type: 'long', nullable: false },
  { name: 'ingested_at', type: 'timestamp', nullable: false },
  { name: 'ingest_date', type: 'date', nullable: false },
] as const satisfies readonly { name: keyof QuarantineRow; type: string; nullable: boolean }[];

export const QUARANTINE_PARTITION_COLUMNS = ['ingest_date'] as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function encodeRaw(value: Uint8Array | null): Pick<QuarantineRow, 'raw_payload' | 'raw_encoding' | 'raw_bytes'> {
  if (value === null) return { raw_payload: null, raw_encoding: 'null', raw_bytes: 0 };
  try {
    return { raw_payload: utf8.decode(value), raw_encoding: 'utf8', raw_bytes: value.byteLength };
  } catch {
    return { raw_payload: Buffer.from(value).toString('base64'), raw_encoding: 'base64', raw_bytes: value.byteLength };
  }
}

/** Best effort: rejected payloads are often valid JSON with a user_id, and erasure must find them. */
function readableUserId(text: string | null): string | null {
  if (text === null || !text.includes('user_id')) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    const userId = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['user_id'] : undefined;
    return typeof userId === 'string' && userId.length <= 256 ? userId : null;
  } catch {
    return null;
  }
}

export function toQuarantineRow(value: Uint8Array | null, issues: readonly ValidationIssue[], source: KafkaSource, ingestedAt: Date): QuarantineRow {
  const at = ingestedAt.toISOString();
  const raw = encodeRaw(value);
  return {
    ...raw,
    user_id: raw.raw_encoding === 'utf8' ? readableUserId(raw.raw_payload) : null,
    error_summary: formatIssues(issues),
    issues: JSON.stringify(issues),
    source_topic: source.topic,
    source_partition: source.partition,
    source_offset: Number(source.offset),
    ingested_at: at,
    ingest_date: at.slice(0, 10),
  };
}
