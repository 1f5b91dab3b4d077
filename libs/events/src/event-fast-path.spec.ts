import { isDeepStrictEqual } from 'node:util';
import { LIMITS, listeningEventSchema, type ListeningEvent } from './event-schema';
import { decodeKnownLayout } from './compact-event-layouts';
import { fastDecodeListeningEvent } from './event-fast-path';
import { utcMillis } from './utc-millis';
import { validateEvent } from './event-validation';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from './event-factories';
import { fuzzPayloads, seededRandom } from './fuzz-payloads';
import { encodeEvent } from './kafka-codec';
import { MALFORMED_CASES } from './malformed-cases';

const NOW = Date.parse('2025-06-01T12:30:00.000Z');

/** An independent reading of the contract: plain JSON.parse, the zod schema, the clock bound. */
function oracle(payload: string | Uint8Array): { ok: true; event: ListeningEvent } | { ok: false } {
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

const textOf = (payload: string | Uint8Array) => (typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));

const VALID_VARIETY: ListeningEvent[] = [
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

describe('fastDecodeListeningEvent', () => {
  it('takes the fast path for valid compact events of every kind, with the same result as zod', () => {
    for (const event of VALID_VARIETY) {
      const text = encodeEvent(event).value.toString('utf8');
      const fast = fastDecodeListeningEvent(text, NOW);
      expect(fast).toEqual(event);
      expect(oracle(text)).toEqual({ ok: true, event: fast });
      // Same keys in the same order as zod's output, so re-encoding gives identical bytes.
      expect(JSON.stringify(fast)).toBe(JSON.stringify((oracle(text) as { event: unknown }).event));
    }
  });

  it('accepts members in any order', () => {
    const event = makeShareEvent();
    const reversed = Object.fromEntries(Object.entries(event).reverse());
    expect(fastDecodeListeningEvent(JSON.stringify(reversed), NOW)).toEqual(event);
  });

  it('steps aside (undefined) for valid JSON written unusually, which the full path then accepts', () => {
    const text = JSON.stringify(makePlayEvent());
    const unusual = [
      JSON.stringify(makePlayEvent(), null, 2),
      ` ${text}`,
      `${text}\n`,
      text.replace('"Europe/Paris"', '"Europe\\/Paris"'),
      text.replace('"ms_played":300000', '"ms_played":300000.0'),
      text.replace('"ms_played":300000', '"ms_played":3e5'),
      text.replace('"user_id":"usr_0001"', '"user_id":"zzz","user_id":"usr_0001"'),
      text.replace('Clair de lune', 'Clair de lune \ufffd'),
    ];
    for (const payload of unusual) {
      expect(fastDecodeListeningEvent(payload, NOW)).toBeUndefined();
      expect(validateEvent(payload, { now: NOW }).ok).toBe(true);
      expect(oracle(payload).ok).toBe(true);
    }
  });

  it('makes the same decisions as plain JSON.parse + zod over the malformed catalogue and 8,000 fuzzed payloads', () => {
    const corpus = [...MALFORMED_CASES.map((c) => c.payload), ...VALID_VARIETY.map((e) => JSON.stringify(e)), ...fuzzPayloads(8_000, 7)];
    let fastAccepted = 0;
    let accepted = 0;
    const disagreements: { payload: string | Uint8Array; expected: unknown; actual: unknown }[] = [];
    for (const payload of corpus) {
      const expected = oracle(payload);
      const fast = fastDecodeListeningEvent(textOf(payload), NOW);
      if (fast !== undefined) {
        fastAccepted++;
        if (!expected.ok || !isDeepStrictEqual(fast, expected.event)) disagreements.push({ payload, expected, actual: { fast } });
      }
      const actual = validateEvent(payload, { now: NOW });
      if (actual.ok) accepted++;
      const same = actual.ok === expected.ok && (!actual.ok || (expected.ok && isDeepStrictEqual(actual.event, expected.event)));
      if (!same) disagreements.push({ payload, expected, actual });
    }
    expect(disagreements).toEqual([]);
    // The corpus must exercise both sides of every decision, or the comparison proves little.
    expect(accepted).toBeGreaterThan(1500);
    expect(fastAccepted).toBeGreaterThan(800);
    expect(corpus.length - accepted).toBeGreaterThan(4000);
  });
});

// The member orders of our two writers: apps/producer's simulator, and JSON.stringify of an
// event as zod returns it (the schema's order).
const PRODUCER_ORDER = ['event_id', 'schema_version', 'event_type', 'occurred_at', 'user_id', 'session_id', 'platform', 'device', 'country', 'timezone', 'app_version', 'track'];
const SCHEMA_ORDER = ['event_id', 'schema_version', 'occurred_at', 'user_id', 'session_id', 'track', 'platform', 'device', 'country', 'timezone', 'app_version', 'event_type'];
const TRACK_ORDER = ['track_id', 'title', 'artist_id', 'artist_name', 'genre', 'duration_ms'];
const TAIL_ORDER = ['ms_played', 'completed', 'channel'];

/** Compact JSON of `event` with its members in `order` (then the type's own members), some written as given raw text. */
function laidOut(event: ListeningEvent, order: readonly string[], raw: Readonly<Record<string, string>> = {}): string {
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
const EDGES: Readonly<Record<string, readonly string[]>> = {
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

describe('decodeKnownLayout (the first tier of the fast path)', () => {
  it('decodes both writers\' layouts of valid events of every kind exactly as zod does, keys in zod\'s order', () => {
    for (const event of VALID_VARIETY) {
      for (const order of [PRODUCER_ORDER, SCHEMA_ORDER]) {
        const text = laidOut(event, order);
        const known = decodeKnownLayout(text, NOW);
        const expected = oracle(text);
        expect({ text, known }).toEqual({ text, known: event });
        expect(expected).toEqual({ ok: true, event: known });
        expect(JSON.stringify(known)).toBe(JSON.stringify((expected as { event: unknown }).event));
        expect(fastDecodeListeningEvent(text, NOW)).toEqual(event);
      }
    }
    // encodeEvent of what zod returns is the schema's layout.
    const validated = oracle(JSON.stringify(makeShareEvent()));
    expect(decodeKnownLayout(encodeEvent((validated as { event: ListeningEvent }).event).value.toString('utf8'), NOW)).toEqual(makeShareEvent());
  });

  it('makes the same decisions as plain JSON.parse + zod over 12,000 payloads in those layouts, edge values and edits included', () => {
    const random = seededRandom(11);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const corpus: string[] = [];
    for (let i = 0; i < 12_000; i++) {
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
    const disagreements: unknown[] = [];
    let matchedLayout = 0;
    let accepted = 0;
    let refusedInLayout = 0;
    for (const text of corpus) {
      const expected = oracle(text);
      const known = decodeKnownLayout(text, NOW);
      if (known !== undefined) matchedLayout++;
      if (known === null) refusedInLayout++;
      if (known) {
        accepted++;
        if (!expected.ok || !isDeepStrictEqual(known, expected.event) || JSON.stringify(known) !== JSON.stringify(expected.event)) disagreements.push({ text, expected, known });
      }
      const fast = fastDecodeListeningEvent(text, NOW);
      if (fast !== undefined && (!expected.ok || !isDeepStrictEqual(fast, expected.event))) disagreements.push({ text, expected, fast });
    }
    expect(disagreements.slice(0, 3)).toEqual([]);
    // Both sides of every decision must be exercised, or the comparison proves little.
    expect(accepted).toBeGreaterThan(1_500);
    expect(refusedInLayout).toBeGreaterThan(500);
    expect(matchedLayout).toBeGreaterThan(2_500);
    expect(corpus.filter((text) => oracle(text).ok).length - accepted).toBeLessThan(corpus.length / 4);
  });
});

describe('utcMillis', () => {
  it('agrees with Date.parse on 20,000 random instants from 1000 to 9999', () => {
    const random = seededRandom(3);
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(Date.UTC(1000, 0, 1) + random() * (Date.UTC(9999, 11, 31, 23, 59, 59, 999) - Date.UTC(1000, 0, 1)));
      const text = new Date(ms).toISOString();
      if (utcMillis(text) !== ms) wrong.push(text);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses what is not a real instant', () => {
    for (const text of ['2023-02-29T00:00:00.000Z', '2100-02-29T00:00:00.000Z', '2025-04-31T00:00:00.000Z', '2025-13-01T00:00:00.000Z', '2025-00-10T00:00:00.000Z', '2025-06-01T24:00:00.000Z', '2025-06-01T12:60:00.000Z', '2025-06-01T12:00:60.000Z', '2025-06-01T12:00:00.000+', '2025-06-01 12:00:00.000Z', '+02025-06-01T12:00:00.000Z']) {
      expect({ text, ms: utcMillis(text) }).toEqual({ text, ms: NaN });
    }
    expect(utcMillis('2000-02-29T00:00:00.000Z')).toBe(Date.parse('2000-02-29T00:00:00.000Z'));
  });
});
