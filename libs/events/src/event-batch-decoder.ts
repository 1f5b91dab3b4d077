import { readAcceptedEvent } from './compact-event-reading';
import { compactEventScanner, SCAN_INPUT_BYTES, SCAN_RECORDS, type CompactEventScanner } from './compact-event-scanner';
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
}

const VERSION_HEADER = EVENT_HEADERS.schemaVersion;
const TYPE_HEADER = EVENT_HEADERS.eventType;
const CONTENT_TYPE_HEADER = EVENT_HEADERS.contentType;
const CURRENT_VERSION_TEXT = String(CURRENT_SCHEMA_VERSION);
const { MAX_EVENT_BYTES, MIN_OCCURRED_AT_MS, MAX_FUTURE_MS } = LIMITS;
/** Index in the caller's records of each record in the scanner's input. */
const scanned = new Int32Array(SCAN_RECORDS);

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
  const scanner = compactEventScanner();
  const { memory, inputOffset, starts } = scanner;
  let first = 0;
  while (first < records.length) {
    // Copy up to SCAN_RECORDS scannable values back to back; the others go to the full path.
    let count = 0;
    let bytes = 0;
    let next = first;
    for (; next < records.length && count < SCAN_RECORDS; next++) {
      const { value } = records[next] as DecodableRecord;
      if (!(value instanceof Uint8Array) || value.length > MAX_EVENT_BYTES || value.length === 0) {
        results[next] = decodeRecord(value, records[next]?.headers, { now }, false);
        continue;
      }
      if (bytes + value.length > SCAN_INPUT_BYTES && count > 0) break;
      starts[count] = bytes;
      memory.set(value, inputOffset + bytes);
      bytes += value.length;
      scanned[count] = next;
      count++;
    }
    starts[count] = bytes;
    if (count > 0) readScanned(scanner, records, count, results, now);
    first = next;
  }
  return results;
}

function readScanned(
  scanner: CompactEventScanner,
  records: readonly DecodableRecord[],
  count: number,
  results: ValidationResult<ListeningEvent>[],
  now: number,
): void {
  const { out, slots } = scanner;
  const accepted = scanner.scan(count, MIN_OCCURRED_AT_MS, now + MAX_FUTURE_MS);
  // One one-byte decode of the accepted records' values: ASCII values are slices of it.
  const text = accepted > 0 ? scanner.valuesText() : '';
  const stride = slots.record;
  for (let i = 0; i < count; i++) {
    const index = scanned[i] as number;
    const record = records[index] as DecodableRecord;
    const at = i * stride;
    const event = out[at + slots.status] === 0 ? readAcceptedEvent(scanner, text, at) : undefined;
    results[index] =
      event !== undefined && headersAgree(record.headers, event.event_type) ? { ok: true, event } : decodeRecord(record.value, record.headers, { now }, false);
  }
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
