import { COUNTRY_CODES } from './countries';
import {
  CURRENT_SCHEMA_VERSION,
  IDENTIFIER,
  LIMITS,
  PLATFORMS,
  SEMANTIC_VERSION,
  SHARE_CHANNELS,
  UUID_V7,
  type EventType,
  type ListeningEvent,
  type Platform,
  type ShareChannel,
  type Track,
} from './event-schema';
import { decodeKnownLayout } from './compact-event-layouts';
import { assembleEvent } from './event-assembly';
import { isIanaTimeZone } from './time-zones';
import { utcMillis } from './utc-millis';

// A decoder specialised for the compact JSON that encodeEvent writes. It accepts an event only
// when every rule of the schema holds and otherwise answers `undefined`, never "invalid": the
// caller then runs JSON.parse + zod, which decides and explains. So it can change speed but no
// decision, as long as what it accepts zod accepts too (event-fast-path.spec.ts checks that).
// Two tiers: the member orders our writers use, matched whole (compact-event-layouts.ts), then
// any member order, scanned member by member (below).

// Module-local copies: transpiled imports are property reads on the exporting module, every time.
const CURRENT_VERSION = CURRENT_SCHEMA_VERSION;
const COUNTRIES = COUNTRY_CODES;
const isTimeZone = isIanaTimeZone;
const EVENT_ID_PATTERN = UUID_V7;
const IDENTIFIER_PATTERN = IDENTIFIER;
const VERSION_PATTERN = SEMANTIC_VERSION;
const { MAX_DURATION_MS, MIN_OCCURRED_AT_MS, MAX_FUTURE_MS } = LIMITS;
const PLATFORM_SET: ReadonlySet<string> = new Set(PLATFORMS);
const CHANNEL_SET: ReadonlySet<string> = new Set(SHARE_CHANNELS);

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Text members are the only ones that may hold any character, so only they are searched for
 * what is left to JSON.parse: control characters (JSON wants them escaped), the backslash (an
 * escape, which also means the quote that ended the value may have been escaped), and the
 * replacement character (what decoding made of invalid UTF-8, or a rare real one). Every other
 * member must match an ASCII pattern or a set of names, which none of these characters pass;
 * keys must equal a member name.
 */
// eslint-disable-next-line no-control-regex
const NEEDS_FULL_CHECK = /[\u0000-\u001f\\\ufffd]/;

// Members, by the index of their slot: strings first, then the others.
const EVENT_ID = 0;
const EVENT_TYPE = 1;
const OCCURRED_AT = 2;
const USER_ID = 3;
const SESSION_ID = 4;
const PLATFORM = 5;
const DEVICE = 6;
const COUNTRY = 7;
const TIMEZONE = 8;
const APP_VERSION = 9;
const CHANNEL = 10;
const SCHEMA_VERSION = 11;
const TRACK = 12;
const MS_PLAYED = 13;
const COMPLETED = 14;

const TRACK_ID = 0;
const TITLE = 1;
const ARTIST_ID = 2;
const ARTIST_NAME = 3;
const GENRE = 4;
const DURATION_MS = 5;

/** How a string member is checked while it is read (`other`: after, by its own rule); `max` is its longest length. */
interface StringRule {
  kind: 'identifier' | 'text' | 'other';
  max: number;
}

interface MemberTable {
  /** Names and indexes grouped by name length, so that a key meets one to three candidates. */
  names: readonly (readonly string[])[];
  indexes: readonly (readonly number[])[];
  /** Rule of each string member, by index; undefined for members that are not strings. */
  strings: readonly (StringRule | undefined)[];
}

function memberTable(members: readonly (readonly [name: string, index: number, rule?: StringRule])[]): MemberTable {
  const longest = Math.max(...members.map(([name]) => name.length));
  const names: string[][] = Array.from({ length: longest + 1 }, () => []);
  const indexes: number[][] = Array.from({ length: longest + 1 }, () => []);
  const strings: (StringRule | undefined)[] = [];
  for (const [name, index, rule] of members) {
    (names[name.length] as string[]).push(name);
    (indexes[name.length] as number[]).push(index);
    strings[index] = rule;
  }
  return { names, indexes, strings };
}

const identifier: StringRule = { kind: 'identifier', max: LIMITS.ID };
const freeText = (max: number): StringRule => ({ kind: 'text', max });
const other = (max = Infinity): StringRule => ({ kind: 'other', max });

const TOP_LEVEL = memberTable([
  ['event_id', EVENT_ID, other()],
  ['event_type', EVENT_TYPE, other()],
  ['occurred_at', OCCURRED_AT, other()],
  ['user_id', USER_ID, identifier],
  ['session_id', SESSION_ID, identifier],
  ['platform', PLATFORM, other()],
  ['device', DEVICE, freeText(LIMITS.DEVICE)],
  ['country', COUNTRY, other()],
  ['timezone', TIMEZONE, other(LIMITS.TIMEZONE)],
  ['app_version', APP_VERSION, other(LIMITS.APP_VERSION)],
  ['channel', CHANNEL, other()],
  ['schema_version', SCHEMA_VERSION],
  ['track', TRACK],
  ['ms_played', MS_PLAYED],
  ['completed', COMPLETED],
]);
const TRACK_MEMBERS = memberTable([
  ['track_id', TRACK_ID, identifier],
  ['title', TITLE, freeText(LIMITS.TITLE)],
  ['artist_id', ARTIST_ID, identifier],
  ['artist_name', ARTIST_NAME, freeText(LIMITS.NAME)],
  ['genre', GENRE, freeText(LIMITS.GENRE)],
  ['duration_ms', DURATION_MS],
]);

const bits = (...indexes: number[]): number => indexes.reduce((mask, index) => mask | (1 << index), 0);
const ENVELOPE = bits(EVENT_ID, EVENT_TYPE, OCCURRED_AT, USER_ID, SESSION_ID, PLATFORM, DEVICE, COUNTRY, TIMEZONE, APP_VERSION, SCHEMA_VERSION, TRACK);
const PLAY_MEMBERS = ENVELOPE | bits(MS_PLAYED, COMPLETED);
const SKIP_MEMBERS = ENVELOPE | bits(MS_PLAYED);
const SHARE_MEMBERS = ENVELOPE | bits(CHANNEL);
const ALL_TRACK_MEMBERS = bits(TRACK_ID, TITLE, ARTIST_ID, ARTIST_NAME, GENRE, DURATION_MS);

class CompactJsonScanner {
  pos = 1;
  constructor(readonly text: string) {}

  /** Reads `"key":` and returns the member's index in `table`, or -1 when not there or unknown. */
  member(table: MemberTable): number {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== QUOTE) return -1;
    const start = this.pos + 1;
    // A key with an escape holds a backslash, so it matches no name: no need to look for escapes.
    const end = text.indexOf('"', start);
    if (end < 0 || text.charCodeAt(end + 1) !== COLON) return -1;
    this.pos = end + 2;
    const length = end - start;
    if (length >= table.names.length) return -1;
    const names = table.names[length] as readonly string[];
    // One short slice compared with === is cheaper here than startsWith(name, start) or a loop.
    const key = text.slice(start, end);
    for (let i = 0; i < names.length; i++) {
      if (key === names[i]) return (table.indexes[length] as readonly number[])[i] as number;
    }
    return -1;
  }

  /**
   * A string value that obeys `rule`, or '' (never valid anywhere) when it does not or is not a
   * string. The next quote ends it unless that quote was escaped; then the value ends with a
   * backslash, which no member's rule accepts (see NEEDS_FULL_CHECK), so the event goes to JSON.parse.
   */
  string(rule: StringRule): string {
    const text = this.text;
    const start = this.pos + 1;
    if (text.charCodeAt(this.pos) !== QUOTE) return '';
    const end = text.indexOf('"', start);
    if (end < 0) return '';
    this.pos = end + 1;
    const length = end - start;
    if (length === 0 || length > rule.max) return '';
    const value = text.slice(start, end);
    if (rule.kind === 'identifier') {
      if (!IDENTIFIER_PATTERN.test(value)) return '';
    } else if (rule.kind === 'text') {
      if (NEEDS_FULL_CHECK.test(value)) return '';
      // Not blank: an ASCII letter, digit or sign first settles it; otherwise let trim() judge.
      const first = text.charCodeAt(start);
      if (!(first > 0x20 && first < 0x7f) && value.trim().length === 0) return '';
    }
    return value;
  }

  /** A non-negative integer of at most 9 digits without leading zeros; -1 for anything else. */
  integer(): number {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    if (c === ZERO) {
      this.pos = pos + 1;
      c = text.charCodeAt(pos + 1);
      return c >= ZERO && c <= NINE ? -1 : 0;
    }
    const start = pos;
    let value = 0;
    while (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO);
      c = text.charCodeAt(++pos);
    }
    if (pos === start || pos - start > 9) return -1;
    this.pos = pos;
    return value;
  }

  boolean(): boolean | undefined {
    const text = this.text;
    if (text.startsWith('true', this.pos)) {
      this.pos += 4;
      return true;
    }
    if (text.startsWith('false', this.pos)) {
      this.pos += 5;
      return false;
    }
    return undefined;
  }

  /** After a value: true to read another member, false at the object's end, undefined otherwise. */
  next(): boolean | undefined {
    const c = this.text.charCodeAt(this.pos++);
    if (c === COMMA) return true;
    if (c === CLOSE) return false;
    return undefined;
  }
}

/**
 * The event in `text` when it is compact JSON (no white space, no escapes, integers only, each
 * member once) of a valid current-version event; `undefined` when anything is unusual, valid or not.
 */
export function fastDecodeListeningEvent(text: string, nowMs: number): ListeningEvent | undefined {
  if (text.charCodeAt(0) !== OPEN) return undefined;
  const known = decodeKnownLayout(text, nowMs);
  if (known !== undefined) return known ?? undefined;
  const scan = new CompactJsonScanner(text);
  const strings = ['', '', '', '', '', '', '', '', '', '', ''];
  let seen = 0;
  let schemaVersion = -1;
  let track: Track | undefined;
  let msPlayed = -1;
  let completed: boolean | undefined;
  for (;;) {
    const index = scan.member(TOP_LEVEL);
    if (index < 0 || (seen & (1 << index)) !== 0) return undefined;
    seen |= 1 << index;
    const rule = TOP_LEVEL.strings[index];
    if (rule !== undefined) {
      const value = scan.string(rule);
      if (value === '') return undefined;
      strings[index] = value;
    } else if (index === SCHEMA_VERSION) {
      schemaVersion = scan.integer();
    } else if (index === TRACK) {
      track = readTrack(scan);
      if (track === undefined) return undefined;
    } else if (index === MS_PLAYED) {
      msPlayed = scan.integer();
      if (msPlayed < 0) return undefined;
    } else {
      completed = scan.boolean();
      if (completed === undefined) return undefined;
    }
    const more = scan.next();
    if (more === undefined) return undefined;
    if (!more) break;
  }
  if (scan.pos !== text.length || track === undefined || schemaVersion !== CURRENT_VERSION) return undefined;

  const eventId = strings[EVENT_ID] as string;
  const occurredAt = strings[OCCURRED_AT] as string;
  const userId = strings[USER_ID] as string;
  const sessionId = strings[SESSION_ID] as string;
  const platform = strings[PLATFORM] as string;
  const device = strings[DEVICE] as string;
  const country = strings[COUNTRY] as string;
  const timezone = strings[TIMEZONE] as string;
  const appVersion = strings[APP_VERSION] as string;
  if (
    eventId.length !== 36 ||
    !EVENT_ID_PATTERN.test(eventId) ||
    !PLATFORM_SET.has(platform) ||
    !COUNTRIES.has(country) ||
    !isTimeZone(timezone) ||
    !VERSION_PATTERN.test(appVersion)
  ) {
    return undefined;
  }
  const occurredMs = utcMillis(occurredAt);
  if (!(occurredMs >= MIN_OCCURRED_AT_MS && occurredMs <= nowMs + MAX_FUTURE_MS)) return undefined;

  const eventType = strings[EVENT_TYPE];
  const channel = strings[CHANNEL] as string;
  const membersOfType =
    eventType === 'play'
      ? seen === PLAY_MEMBERS && msPlayed <= MAX_DURATION_MS
      : eventType === 'skip'
        ? seen === SKIP_MEMBERS && msPlayed <= MAX_DURATION_MS
        : eventType === 'like'
          ? seen === ENVELOPE
          : eventType === 'share' && seen === SHARE_MEMBERS && CHANNEL_SET.has(channel);
  if (!membersOfType) return undefined;
  return assembleEvent(
    eventType as EventType,
    eventId,
    occurredAt,
    userId,
    sessionId,
    track,
    platform as Platform,
    device,
    country,
    timezone,
    appVersion,
    msPlayed,
    completed === true,
    channel as ShareChannel,
  );
}

function readTrack(scan: CompactJsonScanner): Track | undefined {
  if (scan.text.charCodeAt(scan.pos++) !== OPEN) return undefined;
  const strings = ['', '', '', '', ''];
  let seen = 0;
  let durationMs = -1;
  for (;;) {
    const index = scan.member(TRACK_MEMBERS);
    if (index < 0 || (seen & (1 << index)) !== 0) return undefined;
    seen |= 1 << index;
    const rule = TRACK_MEMBERS.strings[index];
    if (rule !== undefined) {
      const value = scan.string(rule);
      if (value === '') return undefined;
      strings[index] = value;
    } else {
      durationMs = scan.integer();
      if (durationMs <= 0 || durationMs > MAX_DURATION_MS) return undefined;
    }
    const more = scan.next();
    if (more === undefined) return undefined;
    if (!more) break;
  }
  if (seen !== ALL_TRACK_MEMBERS) return undefined;
  return {
    track_id: strings[TRACK_ID] as string,
    title: strings[TITLE] as string,
    artist_id: strings[ARTIST_ID] as string,
    artist_name: strings[ARTIST_NAME] as string,
    genre: strings[GENRE] as string,
    duration_ms: durationMs,
  };
}
