import { isDeepStrictEqual } from 'node:util';
import { LIMITS, listeningEventSchema, type ListeningEvent } from './event-schema';
import { fastDecodeListeningEvent, utcMillis } from './event-fast-path';
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
