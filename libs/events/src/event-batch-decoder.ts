import { readAcceptedEvent } from './compact-event-reading';
import { scanCompactEventChunks } from './compact-event-chunks';
import type { ScannedEventStore } from './scanned-event-store';
import { CURRENT_SCHEMA_VERSION, LIMITS, type ListeningEvent } from './event-schema';
import { decodeRecord, EVENT_HEADERS, JSON_CONTENT_TYPE, type KafkaHeaders } from './kafka-codec';
import type { ValidationResult } from './validation-issue';

/** A Kafka record as far as decoding goes; the ingest's consumed records fit as they are. */
export interface DecodableRecord {
  readonly value: Uint8Array | string | null | undefined;
  readonly headers?: KafkaHeaders;
}

export interface DecodeEventsOptions {
  /** The reader's clock, epoch milliseconds (default Date.now()). */
  now?: number;
  /** Keeps there what the scanner read of each event it decoded (for the bronze writer). */
  retain?: ScannedEventStore;
}

const VERSION_HEADER = EVENT_HEADERS.schemaVersion;
const TYPE_HEADER = EVENT_HEADERS.eventType;
const CONTENT_TYPE_HEADER = EVENT_HEADERS.contentType;
const CURRENT_VERSION_TEXT = String(CURRENT_SCHEMA_VERSION);
const { MIN_OCCURRED_AT_MS, MAX_FUTURE_MS } = LIMITS;

/**
 * Reads Kafka record values as listening events, with the same result as `decodeEvent` on each
 * record, faster. Compact JSON, as our writers and most others produce it, is validated by the
 * WebAssembly scanner (wasm/compact-event-scanner.ts), 128 records a call. Every record it does
 * not accept, or whose headers say anything unusual, goes through the full path (JSON.parse +
 * zod), which decides and explains. Never throws on input.
 */
export function decodeEvents(records: readonly DecodableRecord[], options: DecodeEventsOptions = {}): ValidationResult<ListeningEvent>[] {
  const now = options.now ?? Date.now();
  const results = new Array<ValidationResult<ListeningEvent>>(records.length);
  const window = { earliestMs: MIN_OCCURRED_AT_MS, latestMs: now + MAX_FUTURE_MS };
  const { retain } = options;
  scanCompactEventChunks(records.length, (index) => records[index]?.value, window, ({ scanner, indexes, count, accepted }) => {
    const { out, slots } = scanner;
    retain?.nextScan();
    // One one-byte decode of the accepted records' values: ASCII values are slices of it.
    const text = accepted > 0 ? scanner.valuesText() : '';
    const stride = slots.record;
    for (let i = 0; i < count; i++) {
      const index = indexes[i] as number;
      const record = records[index] as DecodableRecord;
      const at = i * stride;
      const event = out[at + slots.status] === 0 ? readAcceptedEvent(scanner, text, at) : undefined;
      if (event !== undefined && headersAgree(record.headers, event.event_type)) {
        results[index] = { ok: true, event };
        retain?.keep(i, index);
      } else {
        results[index] = decodeRecord(record.value, record.headers, { now }, false);
      }
    }
  });
  // What the scanner never saw (not bytes, empty, too long): the full path.
  for (let index = 0; index < records.length; index++) {
    if (results[index] === undefined) results[index] = decodeRecord(records[index]?.value, records[index]?.headers, { now }, false);
  }
  return results;
}

/** True when the headers say what the body says in the usual form; anything else is the full path's to judge. */
function headersAgree(headers: KafkaHeaders | undefined, eventType: string): boolean {
  if (headers === undefined) return true;
  return (
    headerIs(headers[VERSION_HEADER], CURRENT_VERSION_TEXT) &&
    headerIs(headers[TYPE_HEADER], eventType) &&
    headerIs(headers[CONTENT_TYPE_HEADER], JSON_CONTENT_TYPE)
  );
}

function headerIs(raw: string | Uint8Array | undefined, expected: string): boolean {
  if (raw === undefined || raw === expected) return true;
  if (!(raw instanceof Uint8Array) || raw.length !== expected.length) return false;
  for (let i = 0; i < raw.length; i++) if (raw[i] !== expected.charCodeAt(i)) return false;
  return true;
}
