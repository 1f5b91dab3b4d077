import { assembleEvent } from './event-assembly';
import { compactEventScanner, SCANNED_MEMBERS, type CompactEventScanner } from './compact-event-scanner';
import { EVENT_TYPES, LIMITS, PLATFORMS, SHARE_CHANNELS, type EventType, type ListeningEvent, type Platform, type ShareChannel, type Track } from './event-schema';
import { isIanaTimeZone } from './time-zones';

// Turns what the WebAssembly scanner accepted into events: the strings out of its memory, the
// enums from their indexes, the time zone checked against the runtime's list.

// Module-local copies: transpiled imports are property reads on the exporting module, every time.
const EVENT_TYPE_NAMES = EVENT_TYPES;
const PLATFORM_NAMES = PLATFORMS;
const CHANNEL_NAMES = SHARE_CHANNELS;
const isTimeZone = isIanaTimeZone;
const { MAX_EVENT_BYTES, MIN_OCCURRED_AT_MS, MAX_FUTURE_MS } = LIMITS;
// The scanner's id of each member the host reads (its slot pair in the output).
const memberId = (name: (typeof SCANNED_MEMBERS)[number]): number => SCANNED_MEMBERS.indexOf(name);
const EVENT_ID = memberId('event_id');
const OCCURRED_AT = memberId('occurred_at');
const USER_ID = memberId('user_id');
const SESSION_ID = memberId('session_id');
const DEVICE = memberId('device');
const COUNTRY = memberId('country');
const TIMEZONE = memberId('timezone');
const APP_VERSION = memberId('app_version');
const TRACK_ID = memberId('track_id');
const TITLE = memberId('title');
const ARTIST_ID = memberId('artist_id');
const ARTIST_NAME = memberId('artist_name');
const GENRE = memberId('genre');
/** Every pair of capitals, by (first - A) * 26 + (second - A): country codes without a string per event. */
const COUNTRY_NAMES = Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)));

/**
 * One record through the scanner: the event when it obeys every rule, undefined when the
 * scanner steps aside (the caller then runs the full path).
 */
export function scanOneEvent(bytes: Uint8Array, nowMs: number): ListeningEvent | undefined {
  if (bytes.length === 0 || bytes.length > MAX_EVENT_BYTES) return undefined;
  const scanner = compactEventScanner();
  const { memory, inputOffset, starts } = scanner;
  starts[0] = 0;
  starts[1] = bytes.length;
  memory.set(bytes, inputOffset);
  if (scanner.scan(1, MIN_OCCURRED_AT_MS, nowMs + MAX_FUTURE_MS) !== 1) return undefined;
  return readAcceptedEvent(scanner, scanner.valuesText(), 0);
}

/**
 * The event the scanner accepted at output offset `at`, or undefined when its time zone is
 * unknown. `text` is the scan's copied values as one-byte text (`valuesText`).
 */
export function readAcceptedEvent(scanner: CompactEventScanner, text: string, at: number): ListeningEvent | undefined {
  const { out, slots } = scanner;
  const flags = out[at + slots.textFlags] as number;
  const strings = at + slots.strings;
  const timezone = timeZoneAt(scanner, text, at);
  if (timezone === undefined) return undefined;
  const eventId = stringValue(scanner, text, flags, strings, EVENT_ID);
  const occurredAt = stringValue(scanner, text, flags, strings, OCCURRED_AT);
  const userId = stringValue(scanner, text, flags, strings, USER_ID);
  const sessionId = stringValue(scanner, text, flags, strings, SESSION_ID);
  const platform = PLATFORM_NAMES[out[at + slots.platform] as number] as Platform;
  const device = stringValue(scanner, text, flags, strings, DEVICE);
  const countryAt = out[strings + COUNTRY * 2] as number; // its start: two ASCII capitals, checked by the scanner
  const country = COUNTRY_NAMES[(text.charCodeAt(countryAt) - 65) * 26 + text.charCodeAt(countryAt + 1) - 65] as string;
  const appVersion = stringValue(scanner, text, flags, strings, APP_VERSION);
  const track: Track = {
    track_id: stringValue(scanner, text, flags, strings, TRACK_ID),
    title: stringValue(scanner, text, flags, strings, TITLE),
    artist_id: stringValue(scanner, text, flags, strings, ARTIST_ID),
    artist_name: stringValue(scanner, text, flags, strings, ARTIST_NAME),
    genre: stringValue(scanner, text, flags, strings, GENRE),
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
  const { memory, valuesOffset } = scanner;
  const raw = memory.utf8Slice(valuesOffset + start, valuesOffset + end);
  return (flags & (0x10000 << member)) === 0 ? raw : (JSON.parse(`"${raw}"`) as string);
}
