import { LIMITS, listeningEventSchema, type ListeningEvent } from '../event-schema';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from '../event-factories';
import { seededRandom } from './fuzz-payloads';

// The corpus the scanner is held to (event-batch-decoder.spec.ts): an independent oracle, valid
// events of every kind, our writers' member orders, and edge values of every member.

export const NOW = Date.parse('2025-06-01T12:30:00.000Z');

/** An independent reading of the contract: plain JSON.parse, the zod schema, the clock bound. */
export function oracle(payload: string | Uint8Array): { ok: true; event: ListeningEvent } | { ok: false } {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  if (bytes.length > LIMITS.MAX_EVENT_BYTES) return { ok: false };
  let value: unknown;
  try {
    value = JSON.parse(typeof payload === 'string' ? payload : new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false };
  }
  const parsed = listeningEventSchema.safeParse(value);
  if (!parsed.success || Date.parse(parsed.data.occurred_at) > NOW + LIMITS.MAX_FUTURE_MS) return { ok: false };
  return { ok: true, event: parsed.data };
}

export const textOf = (payload: string | Uint8Array) => (typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));

export const VALID_VARIETY: ListeningEvent[] = [
  makePlayEvent(),
  makeSkipEvent(),
  makeLikeEvent(),
  makeShareEvent(),
  makePlayEvent({ ms_played: 0, completed: false, track: { duration_ms: 1 } }),
  makeSkipEvent({ ms_played: LIMITS.MAX_DURATION_MS, track: { duration_ms: LIMITS.MAX_DURATION_MS } }),
  makePlayEvent({ track: { title: 'x'.repeat(LIMITS.TITLE), artist_name: 'Sigur Rós', genre: 'r&b' }, user_id: 'u'.repeat(LIMITS.ID) }),
  makePlayEvent({ track: { title: '坂本龍一 — 戦場のメリークリスマス', artist_name: ' Leading space', genre: '\u00a0jazz' } }),
  makeLikeEvent({ occurred_at: '2024-02-29T23:59:59.999Z', platform: 'smart_speaker', country: 'US', timezone: 'America/Los_Angeles' }),
  makeLikeEvent({ occurred_at: '2000-01-01T00:00:00.000Z', timezone: 'UTC', app_version: '10.0.1-beta.2+build.7' }),
  makeShareEvent({ occurred_at: new Date(NOW + LIMITS.MAX_FUTURE_MS).toISOString(), channel: 'x', session_id: 'a.b:c-d_e', device: 'Pixel 8 "Pro"'.replace(/"/g, '') }),
];

// The member orders of our two writers: apps/producer's simulator, and JSON.stringify of an
// event as zod returns it (the schema's order).
export const PRODUCER_ORDER = ['event_id', 'schema_version', 'event_type', 'occurred_at', 'user_id', 'session_id', 'platform', 'device', 'country', 'timezone', 'app_version', 'track'];
export const SCHEMA_ORDER = ['event_id', 'schema_version', 'occurred_at', 'user_id', 'session_id', 'track', 'platform', 'device', 'country', 'timezone', 'app_version', 'event_type'];
const TRACK_ORDER = ['track_id', 'title', 'artist_id', 'artist_name', 'genre', 'duration_ms'];
const TAIL_ORDER = ['ms_played', 'completed', 'channel'];

/** Compact JSON of `event` with its members in `order` (then the type's own members), some written as given raw text. */
export function laidOut(event: ListeningEvent, order: readonly string[], raw: Readonly<Record<string, string>> = {}): string {
  const fields = event as unknown as Record<string, unknown>;
  const track = event.track as unknown as Record<string, unknown>;
  const member = (key: string, value: unknown) => `"${key}":${raw[key] ?? JSON.stringify(value)}`;
  const trackText = raw['track'] ?? `{${TRACK_ORDER.map((key) => member(key, track[key])).join(',')}}`;
  const keys = [...order, ...TAIL_ORDER.filter((key) => key in fields)];
  return `{${keys.map((key) => (key === 'track' ? `"track":${trackText}` : member(key, fields[key]))).join(',')}}`;
}

// Edge values of each member, as raw JSON text: around every length limit, pattern and bound.
const x = (n: number) => JSON.stringify('x'.repeat(n));
const IDENTIFIER_EDGES = ['"a"', '""', `"${'a'.repeat(64)}"`, `"${'a'.repeat(65)}"`, '"_a"', '"a b"', '"a.b:c-d_e"', '"é"', '"a\\u0041"', '"9Z"', '"a/b"', '7', 'null'];
const TEXT_EDGES = (max: number) => [x(max), x(max + 1), '" "', '"\u00a0"', '"\\u00a0x"', '"\u2028"', '"坂本 龍一"', '"\ufffd"', '"\u0001"', '"\t"', '"a\\"b"', '"😀"', '""', '5', '"x "'];
export const EDGES: Readonly<Record<string, readonly string[]>> = {
  event_id: ['"01972b9c-4c00-7000-8000-000000000001"', '"9b2f4c1e-8a7d-4e3b-9f6a-1c2d3e4f5a6b"', '"01972B9C-4C00-7000-8000-000000000001"', '"01972b9c-4c00-7000-c000-000000000001"', '"01972b9c-4c00-7000-8000-00000000001"', '"01972b9c4c0070008000000000000001"'],
  schema_version: ['1', '2', '0', '1.0', '"1"', '01', '-1'],
  event_type: ['"play"', '"skip"', '"like"', '"share"', '"PLAY"', '"fax"', '""', 'null'],
  occurred_at: [
    '"2000-01-01T00:00:00.000Z"', '"1999-12-31T23:59:59.999Z"', '"2024-02-29T12:00:00.000Z"', '"2023-02-29T12:00:00.000Z"', '"2025-06-01T24:00:00.000Z"',
    JSON.stringify(new Date(NOW + LIMITS.MAX_FUTURE_MS).toISOString()), JSON.stringify(new Date(NOW + LIMITS.MAX_FUTURE_MS + 1).toISOString()),
    '"2025-06-01T12:00:00Z"', '"2025-06-01T14:00:00.000+02:00"', '"10000-01-01T00:00:00.000Z"', '1748779200000',
  ],
  user_id: IDENTIFIER_EDGES,
  session_id: IDENTIFIER_EDGES,
  track_id: IDENTIFIER_EDGES,
  artist_id: IDENTIFIER_EDGES,
  title: TEXT_EDGES(LIMITS.TITLE),
  artist_name: TEXT_EDGES(LIMITS.NAME),
  genre: TEXT_EDGES(LIMITS.GENRE),
  device: TEXT_EDGES(LIMITS.DEVICE),
  duration_ms: ['1', '0', '-1', `${LIMITS.MAX_DURATION_MS}`, `${LIMITS.MAX_DURATION_MS + 1}`, '1.5', '1e3', '01', '123456789', '1234567890', '"5"', 'true'],
  platform: ['"web"', '"smart_speaker"', '"wearable"', '"fax"', '"Web"', '""'],
  country: ['"FR"', '"XX"', '"fr"', '"FRA"', '"F"', '"ZW"'],
  timezone: ['"Europe/Paris"', '"Asia/Kolkata"', '"Asia/Calcutta"', '"UTC"', '"Etc/GMT+5"', '"Mars/Olympus_Mons"', '"Europe/Paris "', `"${'A'.repeat(65)}"`, '"europe/paris"', '"America/Argentina/Buenos_Aires"'],
  app_version: ['"4.12.0"', '"1.2.3-beta.1+build.5"', '"1.2"', '"1.2.3-"', '"1.2.3+"', '"1.2.3-a+b+c"', `"1.2.${'3'.repeat(28)}"`, `"1.2.${'3'.repeat(29)}"`, '"v1.2.3"', '"1.2.3 "'],
  ms_played: ['0', '1', `${LIMITS.MAX_DURATION_MS}`, `${LIMITS.MAX_DURATION_MS + 1}`, '-1', '1.5', '2e3', '"5"', 'null'],
  completed: ['true', 'false', '"true"', '1', 'null'],
  channel: ['"link"', '"whatsapp"', '"other"', '"fax"', '"LINK"', '""'],
};

/** `count` payloads in our writers' layouts with edge values, some reordered, edited or missing a member. */
export function layoutPayloads(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const corpus: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = pick(VALID_VARIETY);
    const order = random() < 0.5 ? PRODUCER_ORDER : SCHEMA_ORDER;
    const raw: Record<string, string> = {};
    for (let k = 0, n = 1 + Math.floor(random() * 2); k < n; k++) {
      const key = pick(Object.keys(EDGES));
      raw[key] = pick(EDGES[key] as readonly string[]);
    }
    let text = laidOut(event, order, raw);
    if (random() < 0.1) text = laidOut(event, pick([PRODUCER_ORDER, SCHEMA_ORDER].filter((o) => o !== order)).slice().reverse(), raw);
    if (random() < 0.25) {
      const at = Math.floor(random() * text.length);
      text = text.slice(0, at) + pick(['"', ',', '\\', ' ', 'é', '\u0000', '0', '-', '.', 'a', 'Z', '\ufffd', '}', '']) + text.slice(at + (random() < 0.5 ? 1 : 0));
    }
    if (random() < 0.05) text = text.replace(/,"(ms_played|channel|completed)":[^,}]+/, '');
    corpus.push(text);
  }
  return corpus;
}
