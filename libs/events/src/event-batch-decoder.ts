import { assembleEvent } from './event-assembly';
import { compactEventScanner, SCAN_INPUT_BYTES, SCAN_RECORDS, type CompactEventScanner } from './compact-event-scanner';
import {
  CURRENT_SCHEMA_VERSION,
  EVENT_TYPES,
  LIMITS,
  PLATFORMS,
  SHARE_CHANNELS,
  type EventType,
  type ListeningEvent,
  type Platform,
  type ShareChannel,
  type Track,
} from './event-schema';
import { decodeEvent, EVENT_HEADERS, JSON_CONTENT_TYPE, type KafkaHeaders } from './kafka-codec';
import { isIanaTimeZone } from './time-zones';
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

// Module-local copies: transpiled imports are property reads on the exporting module, every time.
const EVENT_TYPE_NAMES = EVENT_TYPES;
const PLATFORM_NAMES = PLATFORMS;
const CHANNEL_NAMES = SHARE_CHANNELS;
const isTimeZone = isIanaTimeZone;
/** Every pair of capitals, by (first - A) * 26 + (second - A): country codes without a string per event. */
const COUNTRY_NAMES = Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)));
const VERSION_HEADER = EVENT_HEADERS.schemaVersion;
const TYPE_HEADER = EVENT_HEADERS.eventType;
/** Index in the caller's records of each record in the scanner's input. */
const scanned = new Int32Array(SCAN_RECORDS);
const CONTENT_TYPE_HEADER = EVENT_HEADERS.contentType;
const CURRENT_VERSION_TEXT = String(CURRENT_SCHEMA_VERSION);
const { MAX_EVENT_BYTES, MIN_OCCURRED_AT_MS, MAX_FUTURE_MS } = LIMITS;

/**
 * Reads Kafka record values as listening events, with the same results as `decodeEvent` on each
 * record, faster. Compact JSON that our writers and most others produce is validated by the
 * WebAssembly scanner (wasm/compact-event-scanner.ts), 128 records a call; every record it does
 * not accept, or whose headers say anything unusual, goes through `decodeEvent`, which decides
 * and explains. Never throws on input.
 */
export function decodeEvents(records: readonly DecodableRecord[], options: DecodeEventsOptions = {}): ValidationResult<ListeningEvent>[] {
  const now = options.now ?? Date.now();
  const results = new Array<ValidationResult<ListeningEvent>>(records.length);
  const scanner = compactEventScanner();
  const { memory, inputOffset, starts } = scanner;
  let first = 0;
  while (first < records.length) {
    // Copy up to SCAN_RECORDS scannable values back to back; the others go to decodeEvent.
    let count = 0;
    let bytes = 0;
    let next = first;
    for (; next < records.length && count < SCAN_RECORDS; next++) {
      const { value } = records[next] as DecodableRecord;
      if (!(value instanceof Uint8Array) || value.length > MAX_EVENT_BYTES || value.length === 0) {
        results[next] = decodeEvent(value, records[next]?.headers, { now });
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
  const { memory, inputOffset, out, slots } = scanner;
  const accepted = scanner.scan(count, MIN_OCCURRED_AT_MS, now + MAX_FUTURE_MS);
  // One one-byte decode of the whole input: ASCII values are then slices of it.
  const text = accepted > 0 ? memory.latin1Slice(inputOffset, inputOffset + (scanner.starts[count] as number)) : '';
  const stride = slots.record;
  for (let i = 0; i < count; i++) {
    const index = scanned[i] as number;
    const record = records[index] as DecodableRecord;
    const at = i * stride;
    const event = out[at + slots.status] === 0 ? buildEvent(scanner, text, at) : undefined;
    results[index] =
      event !== undefined && headersAgree(record.headers, event.event_type) ? { ok: true, event } : decodeEvent(record.value, record.headers, { now });
  }
}

/** The event the scanner accepted at output offset `at`, or undefined when its time zone is unknown. */
function buildEvent(scanner: CompactEventScanner, text: string, at: number): ListeningEvent | undefined {
  const { out, slots } = scanner;
  const flags = out[at + slots.textFlags] as number;
  const strings = at + slots.strings;
  const timezone = timeZoneAt(scanner, text, at);
  if (timezone === undefined) return undefined;
  const eventId = stringValue(scanner, text, flags, strings, 0);
  const occurredAt = stringValue(scanner, text, flags, strings, 2);
  const userId = stringValue(scanner, text, flags, strings, 3);
  const sessionId = stringValue(scanner, text, flags, strings, 4);
  const platform = PLATFORM_NAMES[out[at + slots.platform] as number] as Platform;
  const device = stringValue(scanner, text, flags, strings, 6);
  const countryAt = out[strings + 14] as number; // its start: two ASCII capitals, checked by the scanner
  const country = COUNTRY_NAMES[(text.charCodeAt(countryAt) - 65) * 26 + text.charCodeAt(countryAt + 1) - 65] as string;
  const appVersion = stringValue(scanner, text, flags, strings, 9);
  const track: Track = {
    track_id: stringValue(scanner, text, flags, strings, 11),
    title: stringValue(scanner, text, flags, strings, 12),
    artist_id: stringValue(scanner, text, flags, strings, 13),
    artist_name: stringValue(scanner, text, flags, strings, 14),
    genre: stringValue(scanner, text, flags, strings, 15),
    duration_ms: out[at + slots.durationMs] as number,
  };
  return assembleEvent(
    EVENT_TYPE_NAMES[out[at + slots.eventType] as number] as EventType,
    eventId,
    occurredAt,
    userId,
    sessionId,
    track,
    platform,
    device,
    country,
    timezone,
    appVersion,
    out[at + slots.msPlayed] as number,
    out[at + slots.completed] === 1,
    CHANNEL_NAMES[out[at + slots.channel] as number] as ShareChannel,
  );
}

// Time zones already looked up, in a direct-mapped table indexed by the scanner's hash of their
// bytes: a listener's zone recurs in all their events, and comparing with a held name costs far
// less than looking up a new string. A held name is used only when the record holds its characters.
const ZONE_SLOTS = 1024;
const knownZones = new Array<string | undefined>(ZONE_SLOTS).fill(undefined);
const TIMEZONE = 8; // its member id (SCANNED_MEMBERS)

/** The time zone when the runtime knows it, else undefined. */
function timeZoneAt(scanner: CompactEventScanner, text: string, at: number): string | undefined {
  const { out } = scanner;
  const strings = at + scanner.slots.strings;
  const start = out[strings + TIMEZONE * 2] as number;
  const end = out[strings + TIMEZONE * 2 + 1] as number;
  const slot = (out[at + scanner.slots.timezoneHash] as number) & (ZONE_SLOTS - 1);
  const known = knownZones[slot];
  if (known !== undefined && known.length === end - start && text.startsWith(known, start)) return known;
  const zone = text.slice(start, end);
  if (!isTimeZone(zone)) return undefined;
  knownZones[slot] = zone;
  return zone;
}

/** String member `member`: a slice of the one-byte text when ASCII without escapes, else decoded. */
function stringValue(scanner: CompactEventScanner, text: string, flags: number, strings: number, member: number): string {
  const start = scanner.out[strings + member * 2] as number;
  const end = scanner.out[strings + member * 2 + 1] as number;
  if ((flags & (0x10001 << member)) === 0) return text.slice(start, end);
  const { memory, inputOffset } = scanner;
  if ((flags & (0x10000 << member)) === 0) return memory.utf8Slice(inputOffset + start, inputOffset + end);
  return JSON.parse(memory.utf8Slice(inputOffset + start - 1, inputOffset + end + 1)) as string;
}

/** True when the headers say what the body says in the usual form; anything else is decodeEvent's to judge. */
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
