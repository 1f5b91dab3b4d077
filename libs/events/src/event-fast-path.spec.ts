import { isDeepStrictEqual } from 'node:util';
import { type ListeningEvent } from './event-schema';
import { decodeKnownLayout } from './compact-event-layouts';
import { fastDecodeListeningEvent } from './event-fast-path';
import { utcMillis } from './utc-millis';
import { validateEvent } from './event-validation';
import { makePlayEvent, makeShareEvent } from './event-factories';
import { fuzzPayloads, seededRandom } from './fuzz-payloads';
import { encodeEvent } from './kafka-codec';
import { MALFORMED_CASES } from './malformed-cases';
import { NOW, PRODUCER_ORDER, SCHEMA_ORDER, VALID_VARIETY, laidOut, layoutPayloads, oracle, textOf } from './test-helpers/fast-path-corpus';

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
    const corpus = layoutPayloads(12_000, 11);
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
