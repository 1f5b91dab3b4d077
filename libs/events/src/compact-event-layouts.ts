import { COUNTRY_CODES } from './countries';
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
import { assembleEvent } from './event-assembly';
import { isIanaTimeZone } from './time-zones';
import { utcMillis } from './utc-millis';

// The fast path's first tier. Our writers lay events out in one of two member orders: the
// producer's (simulator) and the schema's (what JSON.stringify writes for a validated event, e.g.
// the collector's). For each order, one regular expression checks the layout and every rule that
// is a pattern (ids, enums, lengths, escapes, integers) in a single match, which V8 runs as native
// code: about half the time of scanning member by member in JavaScript. The rules that are not
// patterns (calendar dates, the reader's clock, country and time-zone lists, blank text, bounds)
// are checked on the captures. Like the rest of the fast path it may only step aside, never
// refuse: JSON.parse + zod decide everything it does not accept.

const COUNTRIES = COUNTRY_CODES;
const isTimeZone = isIanaTimeZone;
const { MAX_DURATION_MS, MIN_OCCURRED_AT_MS, MAX_FUTURE_MS } = LIMITS;

const IDENTIFIER = `([A-Za-z0-9][A-Za-z0-9_.:-]{0,${LIMITS.ID - 1}})`;
/**
 * Free text without what is left to JSON.parse: control characters (JSON wants them escaped),
 * the quote and backslash (an escape), and U+FFFD (what decoding made of invalid UTF-8, or a rare
 * real one). Lengths count UTF-16 units, as zod's max does.
 */
const freeText = (max: number): string => `"([^\\u0000-\\u001f"\\\\\\ufffd]{1,${max}})"`;
const INTEGER = '(0|[1-9][0-9]{0,8})';
const oneOf = (values: readonly string[]): string => `"(${values.join('|')})"`;

/** Each member's value, with its capture groups (one, or six for the track). */
const VALUES: Readonly<Record<EnvelopeMember, { pattern: string; groups: number }>> = {
  event_id: { pattern: '"([0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})"', groups: 1 },
  schema_version: { pattern: String(CURRENT_SCHEMA_VERSION), groups: 0 },
  event_type: { pattern: oneOf(EVENT_TYPES), groups: 1 },
  occurred_at: { pattern: '"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z)"', groups: 1 },
  user_id: { pattern: `"${IDENTIFIER}"`, groups: 1 },
  session_id: { pattern: `"${IDENTIFIER}"`, groups: 1 },
  track: {
    pattern:
      `\\{"track_id":"${IDENTIFIER}","title":${freeText(LIMITS.TITLE)},"artist_id":"${IDENTIFIER}",` +
      `"artist_name":${freeText(LIMITS.NAME)},"genre":${freeText(LIMITS.GENRE)},"duration_ms":${INTEGER}\\}`,
    groups: 6,
  },
  platform: { pattern: oneOf(PLATFORMS), groups: 1 },
  device: { pattern: freeText(LIMITS.DEVICE), groups: 1 },
  country: { pattern: '"([A-Z]{2})"', groups: 1 },
  // The characters of IANA zone names (any other steps aside); isIanaTimeZone has the last word.
  timezone: { pattern: `"([A-Za-z0-9_+/-]{1,${LIMITS.TIMEZONE}})"`, groups: 1 },
  app_version: { pattern: '"([0-9]+\\.[0-9]+\\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?)"', groups: 1 },
};

type EnvelopeMember =
  | 'event_id'
  | 'schema_version'
  | 'event_type'
  | 'occurred_at'
  | 'user_id'
  | 'session_id'
  | 'track'
  | 'platform'
  | 'device'
  | 'country'
  | 'timezone'
  | 'app_version';

/** The members that depend on the event type, in the order both writers put them, last. */
const TAIL = `(?:,"ms_played":${INTEGER})?(?:,"completed":(true|false))?(?:,"channel":${oneOf(SHARE_CHANNELS)})?\\}$`;

interface Layout {
  regex: RegExp;
  /** Capture group of each member's (first) value. */
  group: Readonly<Record<EnvelopeMember | 'ms_played' | 'completed' | 'channel', number>>;
}

function layout(order: readonly EnvelopeMember[]): Layout {
  const group: Partial<Record<EnvelopeMember | 'ms_played' | 'completed' | 'channel', number>> = {};
  let source = '^\\{';
  let next = 1;
  order.forEach((member, i) => {
    source += `${i === 0 ? '' : ','}"${member}":${VALUES[member].pattern}`;
    group[member] = next;
    next += VALUES[member].groups;
  });
  group.ms_played = next;
  group.completed = next + 1;
  group.channel = next + 2;
  return { regex: new RegExp(source + TAIL), group: group as Layout['group'] };
}

const LAYOUTS: readonly Layout[] = [
  // apps/producer (the simulator's writer).
  layout(['event_id', 'schema_version', 'event_type', 'occurred_at', 'user_id', 'session_id', 'platform', 'device', 'country', 'timezone', 'app_version', 'track']),
  // JSON.stringify of an event as zod (and the fast path) return it: the schema's order.
  layout(['event_id', 'schema_version', 'occurred_at', 'user_id', 'session_id', 'track', 'platform', 'device', 'country', 'timezone', 'app_version', 'event_type']),
];

/** Layout tried first: the one that matched last (a topic's records mostly come from one writer). */
let lastMatched = 0;

/**
 * The event in `text` when it is laid out exactly as one of our writers lays out a valid event;
 * `null` when it is laid out so but breaks a rule (the caller goes straight to the full check);
 * `undefined` when it is laid out otherwise.
 */
export function decodeKnownLayout(text: string, nowMs: number): ListeningEvent | null | undefined {
  for (let attempt = 0; attempt < LAYOUTS.length; attempt++) {
    const index = (lastMatched + attempt) % LAYOUTS.length;
    const { regex, group } = LAYOUTS[index] as Layout;
    const m = regex.exec(text);
    if (m === null) continue;
    lastMatched = index;
    return eventOf(m, group, nowMs);
  }
  return undefined;
}

function eventOf(m: RegExpExecArray, group: Layout['group'], nowMs: number): ListeningEvent | null {
  const occurredAt = m[group.occurred_at] as string;
  const occurredMs = utcMillis(occurredAt);
  if (!(occurredMs >= MIN_OCCURRED_AT_MS && occurredMs <= nowMs + MAX_FUTURE_MS)) return null;
  const device = m[group.device] as string;
  const country = m[group.country] as string;
  const timezone = m[group.timezone] as string;
  const appVersion = m[group.app_version] as string;
  if (isBlank(device) || !COUNTRIES.has(country) || !isTimeZone(timezone) || appVersion.length > LIMITS.APP_VERSION) return null;
  const t = group.track;
  const title = m[t + 1] as string;
  const artistName = m[t + 3] as string;
  const genre = m[t + 4] as string;
  const durationMs = Number(m[t + 5]);
  if (isBlank(title) || isBlank(artistName) || isBlank(genre) || durationMs <= 0 || durationMs > MAX_DURATION_MS) return null;
  const track: Track = { track_id: m[t] as string, title, artist_id: m[t + 2] as string, artist_name: artistName, genre, duration_ms: durationMs };

  const msText = m[group.ms_played];
  const completed = m[group.completed];
  const channel = m[group.channel];
  const msPlayed = msText === undefined ? -1 : Number(msText);
  if (msPlayed > MAX_DURATION_MS) return null;
  const eventId = m[group.event_id] as string;
  const userId = m[group.user_id] as string;
  const sessionId = m[group.session_id] as string;
  const platform = m[group.platform] as Platform;
  const eventType = m[group.event_type] as EventType;
  // Which of ms_played, completed and channel the layout's optional groups captured.
  const membersOfType =
    eventType === 'play'
      ? msPlayed >= 0 && completed !== undefined && channel === undefined
      : eventType === 'skip'
        ? msPlayed >= 0 && completed === undefined && channel === undefined
        : eventType === 'like'
          ? msPlayed < 0 && completed === undefined && channel === undefined
          : msPlayed < 0 && completed === undefined && channel !== undefined;
  if (!membersOfType) return null;
  return assembleEvent(
    eventType,
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
    msPlayed,
    completed === 'true',
    channel as ShareChannel,
  );
}

/** Blank by zod's rule (trim() leaves nothing); an ASCII letter, digit or sign first settles it. */
function isBlank(value: string): boolean {
  const first = value.charCodeAt(0);
  return !(first > 0x20 && first < 0x7f) && value.trim().length === 0;
}
