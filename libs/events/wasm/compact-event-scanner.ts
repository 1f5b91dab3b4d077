// AssemblyScript, compiled to WebAssembly (SIMD) by tools/wasm/build-wasm.mjs.
//
// A validating scanner of listening events written as compact JSON, a batch of records at a
// time. For each record it either accepts (status 0), copies its text values together and reports
// where each lies, with the enum indexes and integers already read, or it steps aside (any other
// status) and the host runs the full path (JSON.parse + zod), which decides and explains. So it
// may only accept what zod accepts: src/event-batch-decoder.spec.ts holds it to an oracle.
// The one rule left to the host is the time zone (the runtime's list, src/time-zones.ts).
//
// Memory, laid out by the host: the records' bytes back to back at `input` (with 64 zero bytes
// after the last, so the 16-byte loads never leave them), `count + 1` record starts (i32), and
// RECORD_SLOTS i32 of output per record, and room at `values` for the accepted records' values
// (16 bytes more than the input, for the copies' last steps).

// Output slots of a record.
export const SLOT_STATUS: i32 = 0;
/** Bit f: string f holds non-ASCII bytes; bit 16 + f: string f holds an escape. */
export const SLOT_TEXT_FLAGS: i32 = 1;
export const SLOT_EVENT_TYPE: i32 = 2;
export const SLOT_DURATION_MS: i32 = 3;
export const SLOT_MS_PLAYED: i32 = 4;
export const SLOT_COMPLETED: i32 = 5;
export const SLOT_PLATFORM: i32 = 6;
export const SLOT_CHANNEL: i32 = 7;
/** A hash of the time zone's bytes, for the host's cache of the zones it has looked up. */
export const SLOT_TIMEZONE_HASH: i32 = 8;
/**
 * Then (start, end) byte offsets of each of the 16 string members, by member id: from `input`
 * while scanning; for an accepted record, from `values` for the members the host reads as text.
 */
export const SLOT_STRINGS: i32 = 9;
export const RECORD_SLOTS: i32 = 9 + 32;

// Member ids: the 16 string members first (their slot pair), then the others. The host's
// SCANNED_MEMBERS lists the names in this order.
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
const TRACK_ID = 11;
const TITLE = 12;
const ARTIST_ID = 13;
const ARTIST_NAME = 14;
const GENRE = 15;
const SCHEMA_VERSION = 16;
const TRACK = 17;
const MS_PLAYED = 18;
const COMPLETED = 19;
const DURATION_MS = 20;
export const MEMBER_COUNT: i32 = 21;

// Why a record was left to the full path (for tests and the curious; the host only tests != 0).
const NOT_AN_OBJECT = 1;
const BAD_KEY = 2;
const UNKNOWN_MEMBER = 3;
const REPEATED_MEMBER = 4;
const BAD_EVENT_ID = 5;
const BAD_IDENTIFIER = 6;
const BAD_OCCURRED_AT = 7;
const BAD_ENUM = 8;
const BAD_COUNTRY = 9;
const BAD_TIMEZONE = 10;
const BAD_APP_VERSION = 11;
const BAD_TEXT = 12;
const BAD_NUMBER = 13;
const BAD_BOOLEAN = 14;
const BAD_STRUCTURE = 15;
const WRONG_MEMBERS = 16;
const NOT_A_STRING = 17;

// Limits, set by the host from the schema's LIMITS before the first scan.
export let maxIdentifier: i32 = 0;
export let maxTitle: i32 = 0;
export let maxName: i32 = 0;
export let maxGenre: i32 = 0;
export let maxDevice: i32 = 0;
export let maxTimezone: i32 = 0;
export let maxAppVersion: i32 = 0;
export let maxDurationMs: i64 = 0;

// Tables the host fills: 256 character classes; the 26 x 26 country bitmap; the names of each
// enum and of the members, 16 bytes an entry (length at [16 i], the name zero-padded at
// [256 + 16 i] for enums, [512 + 16 i] for members); the member of each key hash.
// Bits of the character classes, which the host reads to fill CLASS_TABLE.
export const CLASS_SEMVER_TAIL: u8 = 1;
export const CLASS_ENUM: u8 = 2;
export const CLASS_TIMEZONE: u8 = 4;
export const CLASS_TABLE: usize = memory.data(256);
export const COUNTRY_TABLE: usize = memory.data(676);
export const EVENT_TYPE_TABLE: usize = memory.data(512);
export const PLATFORM_TABLE: usize = memory.data(512);
export const CHANNEL_TABLE: usize = memory.data(512);
export const MEMBER_TABLE: usize = memory.data(1024);
export const MEMBER_BY_HASH: usize = memory.data(256);
/** `"name":` of each member, zero-padded to 32 bytes. */
export const MEMBER_KEYS: usize = memory.data(1024);

/** First byte the host may use. */
export function heapBase(): usize {
  return __heap_base;
}

/** The member-name hash; the host computes the same to fill MEMBER_BY_HASH. */
// @ts-ignore: decorator
@inline function keyHash(p: usize, length: i32): u32 {
  return (<u32>length + <u32>load<u8>(p) + <u32>load<u8>(p + <usize>(length - 1)) + (<u32>load<u8>(p, 1) << 3)) & 255;
}

// State of the record being read.
let textFlags: i32 = 0;
let textLength: i32 = 0;
let textSolid = false;

// @ts-ignore: decorator
@inline function equalsPadded(entry: usize, p: usize, length: i32): bool {
  const low: u64 = length >= 8 ? 0xffffffffffffffff : (<u64>1 << (<u64>length << 3)) - 1;
  if ((load<u64>(p) & low) != load<u64>(entry)) return false;
  if (length <= 8) return true;
  const high: u64 = length >= 16 ? 0xffffffffffffffff : (<u64>1 << (<u64>(length - 8) << 3)) - 1;
  return (load<u64>(p, 8) & high) == load<u64>(entry, 8);
}

// @ts-ignore: decorator
@inline function memberOf(p: usize, length: i32): i32 {
  if (length < 2 || length > 16) return -1;
  const id = <i32>load<u8>(MEMBER_BY_HASH + <usize>keyHash(p, length)) - 1;
  if (id < 0) return -1;
  const entry = MEMBER_TABLE + <usize>(id << 4);
  if (<i32>load<u8>(entry) != length || !equalsPadded(entry + 512, p, length)) return -1;
  return id;
}

// The member that followed each member (by id; FIRST_MEMBER and FIRST_TRACK_MEMBER for the first
// of each object) in the last record, plus one; 0 when unknown.
const FIRST_MEMBER = 31;
const FIRST_TRACK_MEMBER = 30;
const NEXT_MEMBER: usize = memory.data(32);

/** True when `"name":` of member `id` starts at p. */
// @ts-ignore: decorator
@inline function isKey(p: usize, id: i32): bool {
  const length = <i32>load<u8>(MEMBER_TABLE + <usize>(id << 4)) + 3;
  const key = MEMBER_KEYS + <usize>(id << 5);
  const same = i8x16.bitmask(i8x16.eq(v128.load(p), v128.load(key))) | (i8x16.bitmask(i8x16.eq(v128.load(p, 16), v128.load(key, 16))) << 16);
  const wanted = length >= 32 ? -1 : (1 << length) - 1;
  return (same & wanted) == wanted;
}

// @ts-ignore: decorator
@inline function enumIndex(table: usize, p: usize, length: i32): i32 {
  if (length > 16) return -1;
  for (let i = 0; i < 16; i++) {
    const entry = table + <usize>(i << 4);
    const entryLength = <i32>load<u8>(entry);
    if (entryLength == 0) return -1;
    if (entryLength == length && equalsPadded(entry + 256, p, length)) return i;
  }
  return -1;
}

// Three-byte UTF-8 sequences that trim() may remove (a superset: U+1680, U+180E, U+2000-U+202F,
// U+205F, U+3000, U+FEFF). Two-byte ones are tested inline (U+0085, U+00A0).
// @ts-ignore: decorator
@inline function mayBeSpace3(c0: u32, c1: u32, c2: u32): bool {
  if (c0 == 0xe1) return (c1 == 0x9a && c2 == 0x80) || (c1 == 0xa0 && c2 == 0x8e);
  if (c0 == 0xe2) return c1 == 0x80 || (c1 == 0x81 && c2 == 0x9f);
  if (c0 == 0xe3) return c1 == 0x80 && c2 == 0x80;
  return c0 == 0xef && c1 == 0xbb && c2 == 0xbf;
}

/**
 * Free text from p (after its opening quote) to its closing quote, whose index it returns, or -1.
 * Strict UTF-8; JSON escapes are allowed (flagged, so the host decodes them); control characters
 * are not. Sets textLength (in code points, as zod counts them; an escaped surrogate pair counts
 * two, which only leaves more to zod) and textSolid (holds a character trim() keeps; \u escapes
 * never count, so such text is left to zod).
 */
// @ts-ignore: decorator
@inline function scanText(p: usize, member: i32): isize {
  const start = p;
  let saved = 0; // bytes minus code points
  let solid = false;
  while (true) {
    const v = v128.load(p);
    const stop = v128.or(
      v128.or(i8x16.eq(v, i8x16.splat(0x22)), i8x16.eq(v, i8x16.splat(0x5c))),
      v128.or(i8x16.lt_u(v, i8x16.splat(0x20)), i8x16.lt_s(v, i8x16.splat(0))),
    );
    const stops = i8x16.bitmask(stop);
    if (!solid) {
      const before = stops == 0 ? 0xffff : (1 << ctz(stops)) - 1;
      if ((i8x16.bitmask(i8x16.gt_s(v, i8x16.splat(0x20))) & before) != 0) solid = true;
    }
    if (stops == 0) {
      p += 16;
      continue;
    }
    p += <usize>ctz(stops);
    const c = <u32>load<u8>(p);
    if (c == 0x22) break;
    if (c == 0x5c) {
      textFlags |= 1 << (16 + member);
      const e = <u32>load<u8>(p, 1);
      if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62) solid = true; // " \ / and U+0008 stay after trim()
      else if (e != 0x66 && e != 0x6e && e != 0x72 && e != 0x74) {
        if (e != 0x75) return -1;
        for (let h: usize = 2; h < 6; h++) {
          const x = <u32>load<u8>(p + h) | 0x20;
          if (!((x >= 0x30 && x <= 0x39) || (x >= 0x61 && x <= 0x66))) return -1;
        }
        p += 6;
        saved += 5;
        continue;
      }
      p += 2;
      saved += 1;
      continue;
    }
    if (c < 0x80) return -1; // a raw control character
    textFlags |= 1 << member;
    if (c >= 0xc2 && c <= 0xdf) {
      const c1 = <u32>load<u8>(p, 1);
      if ((c1 & 0xc0) != 0x80) return -1;
      if (!(c == 0xc2 && (c1 == 0xa0 || c1 == 0x85))) solid = true;
      p += 2;
      saved += 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      const c1 = <u32>load<u8>(p, 1);
      const c2 = <u32>load<u8>(p, 2);
      if ((c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80) return -1;
      if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0)) return -1; // overlong, surrogate
      if (!mayBeSpace3(c, c1, c2)) solid = true;
      p += 3;
      saved += 2;
    } else if (c >= 0xf0 && c <= 0xf4) {
      const c1 = <u32>load<u8>(p, 1);
      if ((c1 & 0xc0) != 0x80 || ((<u32>load<u8>(p, 2)) & 0xc0) != 0x80 || ((<u32>load<u8>(p, 3)) & 0xc0) != 0x80) return -1;
      if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90)) return -1; // overlong, beyond U+10FFFF
      solid = true;
      p += 4;
      saved += 3; // one code point
    } else {
      return -1;
    }
  }
  textLength = <i32>(p - start) - saved;
  textSolid = solid;
  return <isize>p;
}

/** [A-Za-z0-9_.:-]* up to the closing quote, whose index it returns, or -1. */
// @ts-ignore: decorator
@inline function scanIdentifier(p: usize): isize {
  while (true) {
    const v = v128.load(p);
    const folded = v128.or(v, i8x16.splat(0x20)); // A-Z onto a-z
    const letter = v128.and(i8x16.ge_u(folded, i8x16.splat(0x61)), i8x16.le_u(folded, i8x16.splat(0x7a)));
    const digitOrColon = v128.and(i8x16.ge_u(v, i8x16.splat(0x30)), i8x16.le_u(v, i8x16.splat(0x3a)));
    const dashOrDot = v128.and(i8x16.ge_u(v, i8x16.splat(0x2d)), i8x16.le_u(v, i8x16.splat(0x2e)));
    const allowed = v128.or(v128.or(letter, digitOrColon), v128.or(dashOrDot, i8x16.eq(v, i8x16.splat(0x5f))));
    const other = ~i8x16.bitmask(allowed) & 0xffff;
    if (other == 0) {
      p += 16;
      continue;
    }
    p += <usize>ctz(other);
    return load<u8>(p) == 0x22 ? <isize>p : -1;
  }
}

/** Bytes of a class up to the closing quote, whose index it returns, or -1. */
// @ts-ignore: decorator
@inline function scanClass(p: usize, bit: u8): isize {
  while (true) {
    const c = load<u8>(p);
    if (c == 0x22) return <isize>p;
    if ((load<u8>(CLASS_TABLE + <usize>c) & bit) == 0) return -1;
    p++;
  }
}

/** A hash of [p, p + length) from its length and at most its first and last 8 bytes. */
// @ts-ignore: decorator
@inline function bytesHash(p: usize, length: i32): i32 {
  const head: u64 = length >= 8 ? load<u64>(p) : load<u64>(p) & ((<u64>1 << (<u64>length << 3)) - 1);
  const tail: u64 = length > 8 ? load<u64>(p + <usize>(length - 8)) : 0;
  const mixed = (head * 0x9e3779b97f4a7c15) ^ (tail * 0xc2b2ae3d27d4eb4f) ^ <u64>length;
  return <i32>(mixed ^ (mixed >> 32));
}

// @ts-ignore: decorator
@inline function lowerHex(v: v128): i32 {
  const digit = v128.and(i8x16.ge_u(v, i8x16.splat(0x30)), i8x16.le_u(v, i8x16.splat(0x39)));
  const letter = v128.and(i8x16.ge_u(v, i8x16.splat(0x61)), i8x16.le_u(v, i8x16.splat(0x66)));
  return i8x16.bitmask(v128.or(digit, letter));
}

/** A lower-case UUIDv7 (36 bytes) followed by the closing quote. */
// @ts-ignore: decorator
@inline function isUuidV7(s: usize): bool {
  const v0 = v128.load(s);
  const v1 = v128.load(s, 16);
  const v2 = v128.load(s, 20);
  const d0 = i8x16.bitmask(i8x16.eq(v0, i8x16.splat(0x2d)));
  const d1 = i8x16.bitmask(i8x16.eq(v1, i8x16.splat(0x2d)));
  const d2 = i8x16.bitmask(i8x16.eq(v2, i8x16.splat(0x2d)));
  // Dashes exactly at 8, 13, 18 and 23; hex everywhere else.
  if (d0 != ((1 << 8) | (1 << 13)) || d1 != ((1 << 2) | (1 << 7)) || d2 != 1 << 3) return false;
  if ((lowerHex(v0) | d0) != 0xffff || (lowerHex(v1) | d1) != 0xffff || (lowerHex(v2) | d2) != 0xffff) return false;
  const variant = load<u8>(s, 19);
  return load<u8>(s, 14) == 0x37 && (variant == 0x38 || variant == 0x39 || variant == 0x61 || variant == 0x62) && load<u8>(s, 36) == 0x22;
}

// @ts-ignore: decorator
@inline function twoDigits(p: usize): i32 {
  const a = <i32>load<u8>(p) - 0x30;
  const b = <i32>load<u8>(p, 1) - 0x30;
  return <u32>a > 9 || <u32>b > 9 ? -1 : a * 10 + b;
}

/** Epoch ms of `YYYY-MM-DDTHH:MM:SS.mmmZ"` naming a real instant of year 1000 or later, NaN otherwise. */
function utcMillis(p: usize): f64 {
  if (
    load<u8>(p, 4) != 0x2d || load<u8>(p, 7) != 0x2d || load<u8>(p, 10) != 0x54 || load<u8>(p, 13) != 0x3a ||
    load<u8>(p, 16) != 0x3a || load<u8>(p, 19) != 0x2e || load<u8>(p, 23) != 0x5a || load<u8>(p, 24) != 0x22
  ) return NaN;
  const century = twoDigits(p);
  const yearOfCentury = twoDigits(p + 2);
  const month = twoDigits(p + 5);
  const day = twoDigits(p + 8);
  const hour = twoDigits(p + 11);
  const minute = twoDigits(p + 14);
  const second = twoDigits(p + 17);
  const centis = twoDigits(p + 20);
  const lastMilli = <i32>load<u8>(p, 22) - 0x30;
  if (century < 10 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return NaN;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || centis < 0 || <u32>lastMilli > 9) return NaN;
  const year = century * 100 + yearOfCentury;
  const leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  const monthDays = month == 2 ? (leap ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  if (day > monthDays) return NaN;
  // H. Hinnant's days_from_civil (years >= 1000, so the divisions need no floor).
  const y = month <= 2 ? year - 1 : year;
  const era = y / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  const days = era * 146097 + dayOfEra - 719468;
  return <f64>days * 86400000.0 + <f64>(hour * 3600000 + minute * 60000 + second * 1000 + centis * 10 + lastMilli);
}

let numberEnd: usize = 0;

/** A non-negative integer in plain JSON form (no leading zero, fraction or exponent), or -1. */
function readWholeNumber(p: usize): i64 {
  let c = <u32>load<u8>(p);
  if (c == 0x30) {
    numberEnd = p + 1;
    c = <u32>load<u8>(p, 1);
    return (c >= 0x30 && c <= 0x39) || c == 0x2e || c == 0x65 || c == 0x45 ? -1 : 0;
  }
  if (c < 0x31 || c > 0x39) return -1;
  let value: i64 = 0;
  const start = p;
  while (c >= 0x30 && c <= 0x39) {
    value = value * 10 + <i64>(c - 0x30);
    p++;
    if (p - start > 15) return -1;
    c = <u32>load<u8>(p);
  }
  if (c == 0x2e || c == 0x65 || c == 0x45) return -1;
  numberEnd = p;
  return value;
}

/** \d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)? up to the closing quote, or -1. */
function scanSemanticVersion(p: usize): isize {
  for (let part = 0; part < 3; part++) {
    const from = p;
    while (<u32>(<i32>load<u8>(p) - 0x30) <= 9) p++;
    if (p == from) return -1;
    if (part < 2) {
      if (load<u8>(p) != 0x2e) return -1;
      p++;
    }
  }
  for (let suffix = 0; suffix < 2; suffix++) {
    if (load<u8>(p) != (suffix == 0 ? 0x2d : 0x2b)) continue;
    p++;
    const from = p;
    while ((load<u8>(CLASS_TABLE + <usize>load<u8>(p)) & CLASS_SEMVER_TAIL) != 0) p++;
    if (p == from) return -1;
  }
  return load<u8>(p) == 0x22 ? <isize>p : -1;
}

const ENVELOPE_MEMBERS: u32 =
  (1 << EVENT_ID) | (1 << EVENT_TYPE) | (1 << OCCURRED_AT) | (1 << USER_ID) | (1 << SESSION_ID) | (1 << PLATFORM) | (1 << DEVICE) |
  (1 << COUNTRY) | (1 << TIMEZONE) | (1 << APP_VERSION) | (1 << SCHEMA_VERSION) | (1 << TRACK);
const TRACK_MEMBERS: u32 = (1 << TRACK_ID) | (1 << TITLE) | (1 << ARTIST_ID) | (1 << ARTIST_NAME) | (1 << GENRE) | (1 << DURATION_MS);
// Members of each event type beyond the envelope, by the index of its name in EVENT_TYPE_TABLE
// (play, skip, like, share: the schema's EVENT_TYPES order, which the host checks).
const PLAY_MEMBERS: u32 = (1 << MS_PLAYED) | (1 << COMPLETED);
const SKIP_MEMBERS: u32 = 1 << MS_PLAYED;
const SHARE_MEMBERS: u32 = 1 << CHANNEL;

/** Reads the record [p, end); answers 0 when every rule holds, otherwise why it steps aside. */
function scanRecord(input: usize, p: usize, end: usize, out: usize, earliestMs: f64, latestMs: f64): i32 {
  textFlags = 0;
  if (load<u8>(p) != 0x7b) return NOT_AN_OBJECT;
  p++;
  let members: u32 = 0;
  let trackMembers: u32 = 0;
  let inTrack = false;
  let msPlayed: i64 = -1;
  let durationMs: i64 = -1;
  let eventType = -1;
  let previous = FIRST_MEMBER;
  while (true) {
    // Writers keep one member order: try the member that followed the previous one last time.
    let id = <i32>load<u8>(NEXT_MEMBER + <usize>previous) - 1;
    if (id >= 0 && isKey(p, id)) {
      p += <usize>load<u8>(MEMBER_TABLE + <usize>(id << 4)) + 3;
    } else {
      if (load<u8>(p) != 0x22) return BAD_KEY;
      const key = p + 1;
      const quotes = i8x16.bitmask(i8x16.eq(v128.load(key), i8x16.splat(0x22)));
      if (quotes == 0) return BAD_KEY;
      const keyLength = <i32>ctz(quotes);
      id = memberOf(key, keyLength);
      if (id < 0) return UNKNOWN_MEMBER;
      p = key + <usize>keyLength + 1;
      if (load<u8>(p) != 0x3a) return BAD_KEY;
      p++;
      store<u8>(NEXT_MEMBER + <usize>previous, <u8>(id + 1));
    }
    previous = id;
    const isTrackMember = (id >= TRACK_ID && id <= GENRE) || id == DURATION_MS;
    if (isTrackMember != inTrack) return UNKNOWN_MEMBER;
    const bit: u32 = 1 << <u32>id;
    if (((inTrack ? trackMembers : members) & bit) != 0) return REPEATED_MEMBER;
    if (inTrack) trackMembers |= bit;
    else members |= bit;

    if (id < 16) {
      if (load<u8>(p) != 0x22) return NOT_A_STRING;
      const s = p + 1;
      let close: isize = -1;
      if (id == EVENT_ID) {
        if (!isUuidV7(s)) return BAD_EVENT_ID;
        close = <isize>(s + 36);
      } else if (id == USER_ID || id == SESSION_ID || id == TRACK_ID || id == ARTIST_ID) {
        close = scanIdentifier(s);
        if (close < 0 || close == <isize>s || close - <isize>s > maxIdentifier) return BAD_IDENTIFIER;
        const first = load<u8>(s);
        if (first == 0x5f || first == 0x2e || first == 0x3a || first == 0x2d) return BAD_IDENTIFIER;
      } else if (id == OCCURRED_AT) {
        const ms = utcMillis(s);
        if (!(ms >= earliestMs && ms <= latestMs)) return BAD_OCCURRED_AT;
        close = <isize>(s + 24);
      } else if (id == EVENT_TYPE || id == PLATFORM || id == CHANNEL) {
        close = scanClass(s, CLASS_ENUM);
        if (close < 0) return BAD_ENUM;
        const table = id == EVENT_TYPE ? EVENT_TYPE_TABLE : id == PLATFORM ? PLATFORM_TABLE : CHANNEL_TABLE;
        const index = enumIndex(table, s, <i32>(close - <isize>s));
        if (index < 0) return BAD_ENUM;
        if (id == EVENT_TYPE) eventType = index;
        store<i32>(out + <usize>((id == EVENT_TYPE ? SLOT_EVENT_TYPE : id == PLATFORM ? SLOT_PLATFORM : SLOT_CHANNEL) << 2), index);
      } else if (id == COUNTRY) {
        const a = <i32>load<u8>(s) - 0x41;
        const b = <i32>load<u8>(s, 1) - 0x41;
        if (<u32>a > 25 || <u32>b > 25 || load<u8>(s, 2) != 0x22 || load<u8>(COUNTRY_TABLE + <usize>(a * 26 + b)) == 0) return BAD_COUNTRY;
        close = <isize>(s + 2);
      } else if (id == TIMEZONE) {
        close = scanClass(s, CLASS_TIMEZONE);
        if (close <= <isize>s || close - <isize>s > maxTimezone) return BAD_TIMEZONE;
        store<i32>(out + <usize>(SLOT_TIMEZONE_HASH << 2), bytesHash(s, <i32>(close - <isize>s)));
      } else if (id == APP_VERSION) {
        close = scanSemanticVersion(s);
        if (close < 0 || close - <isize>s > maxAppVersion) return BAD_APP_VERSION;
      } else {
        close = scanText(s, id);
        const max = id == TITLE ? maxTitle : id == ARTIST_NAME ? maxName : id == GENRE ? maxGenre : maxDevice;
        if (close < 0 || textLength == 0 || textLength > max || !textSolid) return BAD_TEXT;
      }
      const slot = out + <usize>((SLOT_STRINGS + (id << 1)) << 2);
      store<i32>(slot, <i32>(s - input));
      store<i32>(slot, <i32>(<usize>close - input), 4);
      p = <usize>close + 1;
    } else if (id == SCHEMA_VERSION) {
      // Only the current version, 1, is read here; older ones are upgraded by the full path.
      if (load<u8>(p) != 0x31) return BAD_NUMBER;
      p++;
    } else if (id == TRACK) {
      if (load<u8>(p) != 0x7b) return NOT_AN_OBJECT;
      p++;
      inTrack = true;
      previous = FIRST_TRACK_MEMBER;
      continue;
    } else if (id == MS_PLAYED) {
      msPlayed = readWholeNumber(p);
      if (msPlayed < 0 || msPlayed > maxDurationMs) return BAD_NUMBER;
      p = numberEnd;
    } else if (id == DURATION_MS) {
      durationMs = readWholeNumber(p);
      if (durationMs <= 0 || durationMs > maxDurationMs) return BAD_NUMBER;
      p = numberEnd;
    } else {
      if (load<u32>(p) == 0x65757274) {
        store<i32>(out + <usize>(SLOT_COMPLETED << 2), 1);
        p += 4;
      } else if (load<u32>(p) == 0x736c6166 && load<u8>(p, 4) == 0x65) {
        store<i32>(out + <usize>(SLOT_COMPLETED << 2), 0);
        p += 5;
      } else {
        return BAD_BOOLEAN;
      }
    }

    let next = load<u8>(p);
    if (next == 0x2c) {
      p++;
      continue;
    }
    if (next != 0x7d) return BAD_STRUCTURE;
    p++;
    if (!inTrack) break;
    if (trackMembers != TRACK_MEMBERS) return WRONG_MEMBERS;
    inTrack = false;
    previous = TRACK;
    next = load<u8>(p);
    if (next == 0x2c) {
      p++;
      continue;
    }
    if (next != 0x7d) return BAD_STRUCTURE;
    p++;
    break;
  }
  if (p != end) return BAD_STRUCTURE;
  if ((members & ENVELOPE_MEMBERS) != ENVELOPE_MEMBERS) return WRONG_MEMBERS;
  const own = members & ~ENVELOPE_MEMBERS;
  const expected = eventType == 0 ? PLAY_MEMBERS : eventType == 1 ? SKIP_MEMBERS : eventType == 2 ? 0 : SHARE_MEMBERS;
  if (own != expected) return WRONG_MEMBERS;
  store<i32>(out + <usize>(SLOT_TEXT_FLAGS << 2), textFlags);
  store<i32>(out + <usize>(SLOT_DURATION_MS << 2), <i32>durationMs);
  store<i32>(out + <usize>(SLOT_MS_PLAYED << 2), <i32>msPlayed);
  return 0;
}

/**
 * Scans `count` records of `input`, record i being [input + starts[i], input + starts[i + 1]).
 * `occurred_at` must lie in [earliestMs, latestMs]. Returns how many records it accepted.
 */
export function scanRecords(input: usize, starts: usize, count: i32, out: usize, values: usize, earliestMs: f64, latestMs: f64): i32 {
  let accepted = 0;
  let copied: usize = 0;
  for (let i = 0; i < count; i++) {
    const start = input + <usize>load<i32>(starts + (<usize>i << 2));
    const end = input + <usize>load<i32>(starts + (<usize>(i + 1) << 2));
    const record = out + <usize>(i * RECORD_SLOTS * 4);
    const status = scanRecord(input, start, end, record, earliestMs, latestMs);
    store<i32>(record, status);
    if (status == 0) {
      accepted++;
      copied = copyValues(record, input, values, copied);
    }
  }
  valuesLength = <i32>copied;
  return accepted;
}

/** Bytes the last scanRecords copied to `values`. */
export let valuesLength: i32 = 0;

// The string members the host reads as text (it takes the enums from their index).
const COPIED_MEMBERS: u32 =
  (1 << EVENT_ID) | (1 << OCCURRED_AT) | (1 << USER_ID) | (1 << SESSION_ID) | (1 << DEVICE) | (1 << COUNTRY) | (1 << TIMEZONE) |
  (1 << APP_VERSION) | (1 << TRACK_ID) | (1 << TITLE) | (1 << ARTIST_ID) | (1 << ARTIST_NAME) | (1 << GENRE);

/**
 * Copies the values of an accepted record's text members to `values + at`, back to back, 16
 * bytes a step (a step may write past a value; the next one overwrites it), and points the
 * record's string slots there: the host then decodes the values alone, not the keys around them.
 * Returns the next free offset.
 */
function copyValues(record: usize, input: usize, values: usize, at: usize): usize {
  let members = COPIED_MEMBERS;
  while (members != 0) {
    const id = ctz(members);
    members &= members - 1;
    const slot = record + <usize>((SLOT_STRINGS + (id << 1)) << 2);
    const start = <usize>load<i32>(slot);
    const length = <usize>load<i32>(slot, 4) - start;
    const from = input + start;
    const to = values + at;
    for (let done: usize = 0; done < length; done += 16) v128.store(to + done, v128.load(from + done));
    store<i32>(slot, <i32>at);
    store<i32>(slot, <i32>(at + length), 4);
    at += length;
  }
  return at;
}
