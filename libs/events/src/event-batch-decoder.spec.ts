import { isDeepStrictEqual } from 'node:util';
import { compactEventScanner, SCAN_RECORDS } from './compact-event-scanner';
import { decodeEvents, type DecodableRecord } from './event-batch-decoder';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from './event-factories';
import { fuzzPayloads, seededRandom } from './test-helpers/fuzz-payloads';
import { decodeEvent, decodeRecord, encodeEvent } from './kafka-codec';
import { MALFORMED_CASES } from './malformed-cases';
import { NOW, PRODUCER_ORDER, SCHEMA_ORDER, VALID_VARIETY, laidOut, layoutPayloads, oracle } from './test-helpers/fast-path-corpus';

const bytesOf = (payload: string | Uint8Array): Buffer => (typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload));

/** The scanner's own verdict on each payload, scanned as one batch: true when it accepts. */
function scannerAccepts(payloads: readonly (string | Uint8Array)[]): boolean[] {
  const scanner = compactEventScanner();
  const verdicts: boolean[] = [];
  for (let first = 0; first < payloads.length; first += SCAN_RECORDS) {
    const batch = payloads.slice(first, first + SCAN_RECORDS).map(bytesOf);
    let offset = 0;
    batch.forEach((bytes, i) => {
      scanner.starts[i] = offset;
      scanner.memory.set(bytes, scanner.inputOffset + offset);
      offset += bytes.length;
    });
    scanner.starts[batch.length] = offset;
    scanner.scan(batch.length, Date.UTC(2000, 0, 1), NOW + 3_600_000);
    batch.forEach((_, i) => verdicts.push(scanner.out[i * scanner.slots.record + scanner.slots.status] === 0));
  }
  return verdicts;
}

/**
 * decodeEvents over the corpus in one call against, for each record, the full path (JSON.parse +
 * zod, no scanner) and decodeEvent (the scanner on one record).
 */
function compareWithDecodeEvent(records: readonly DecodableRecord[]): { disagreements: unknown[]; scanned: number; accepted: number } {
  const batch = decodeEvents(records, { now: NOW });
  const scannedVerdicts = scannerAccepts(records.map((r) => (r.value instanceof Uint8Array || typeof r.value === 'string' ? r.value : '')));
  const disagreements: unknown[] = [];
  let scanned = 0;
  let accepted = 0;
  records.forEach((record, i) => {
    const full = decodeRecord(record.value, record.headers, { now: NOW }, false);
    const single = decodeEvent(record.value, record.headers, { now: NOW });
    const result = batch[i];
    if (result?.ok) accepted++;
    // Same result, issues included, and the same bytes when re-encoded (keys in zod's order).
    for (const other of [full, single]) {
      if (!isDeepStrictEqual(result, other) || JSON.stringify(result) !== JSON.stringify(other)) {
        disagreements.push({ value: typeof record.value === 'object' && record.value !== null ? Buffer.from(record.value).toString('utf8') : record.value, result, other });
      }
    }
    // The scanner accepting means every rule but the time zone's (the host's) held.
    if (scannedVerdicts[i] === true) scanned++;
  });
  return { disagreements, scanned, accepted };
}

const asRecords = (payloads: readonly (string | Uint8Array)[]): DecodableRecord[] => payloads.map((payload) => ({ value: bytesOf(payload) }));

describe('decodeEvents', () => {
  it('leaves valid JSON written unusually to the full path, which accepts it', () => {
    const text = JSON.stringify(makePlayEvent());
    const unusual = [
      JSON.stringify(makePlayEvent(), null, 2),
      ` ${text}`,
      `${text}\n`,
      text.replace('"Europe/Paris"', '"Europe\\/Paris"'),
      text.replace('"ms_played":300000', '"ms_played":300000.0'),
      text.replace('"ms_played":300000', '"ms_played":3e5'),
      text.replace('"user_id":"usr_0001"', '"user_id":"zzz","user_id":"usr_0001"'),
      text.replace('"schema_version":1', '"schema_version":1.0'),
    ];
    expect(unusual.every((payload) => payload !== text)).toBe(true);
    expect(scannerAccepts(unusual)).toEqual(unusual.map(() => false));
    expect(decodeEvents(asRecords(unusual), { now: NOW }).map((r) => r.ok)).toEqual(unusual.map(() => true));
    expect(unusual.map((payload) => oracle(payload).ok)).toEqual(unusual.map(() => true));
  });

  it('reads valid events of every kind, in both writers\' layouts and reversed, through the scanner, exactly as decodeEvent does', () => {
    const payloads = VALID_VARIETY.flatMap((event) => [
      laidOut(event, PRODUCER_ORDER),
      laidOut(event, SCHEMA_ORDER),
      JSON.stringify(Object.fromEntries(Object.entries(event).reverse())),
    ]);
    expect(scannerAccepts(payloads)).toEqual(payloads.map(() => true));
    const results = decodeEvents(asRecords(payloads), { now: NOW });
    payloads.forEach((payload, i) => {
      expect(results[i]).toEqual({ ok: true, event: VALID_VARIETY[Math.floor(i / 3)] });
      expect(results[i]).toEqual(oracle(payload));
    });
    expect(compareWithDecodeEvent(asRecords(payloads)).disagreements).toEqual([]);
  });

  it('makes the same decisions as the full path, issues included, over the malformed catalogue and 8,000 fuzzed payloads', () => {
    const corpus = [...MALFORMED_CASES.map((c) => c.payload), ...VALID_VARIETY.map((e) => JSON.stringify(e)), ...fuzzPayloads(8_000, 7)];
    const { disagreements, scanned, accepted } = compareWithDecodeEvent(asRecords(corpus));
    expect(disagreements.slice(0, 3)).toEqual([]);
    // Both sides of every decision must be exercised, or the comparison proves little.
    expect(accepted).toBeGreaterThan(1_500);
    expect(scanned).toBeGreaterThan(800);
    expect(corpus.length - accepted).toBeGreaterThan(4_000);
  });

  it('makes the same decisions over 12,000 payloads in our writers\' layouts with edge values at every limit and edits', () => {
    const corpus = layoutPayloads(12_000, 13);
    const { disagreements, scanned, accepted } = compareWithDecodeEvent(asRecords(corpus));
    expect(disagreements.slice(0, 3)).toEqual([]);
    expect(scanned).toBeGreaterThan(1_500);
    // The scanner leaves few valid events to the full path.
    expect(accepted - scanned).toBeLessThan(accepted / 10);
    expect(corpus.length - accepted).toBeGreaterThan(3_000);
  });

  it('refuses text that is only white space, for every character trim() removes, as zod does', () => {
    const spaces = ['\u0020', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\\t', '\\n', '\\r', '\\f', '\\u00a0', '\\u0020'];
    const payloads = spaces.flatMap((space) => [
      laidOut(makePlayEvent(), PRODUCER_ORDER, { title: `"${space}"` }),
      laidOut(makePlayEvent(), PRODUCER_ORDER, { device: `"${space}${space}"` }),
      laidOut(makePlayEvent(), PRODUCER_ORDER, { genre: `"${space}x${space}"` }),
    ]);
    const { disagreements } = compareWithDecodeEvent(asRecords(payloads));
    expect(disagreements).toEqual([]);
    const results = decodeEvents(asRecords(payloads), { now: NOW });
    expect(results.filter((r) => r.ok)).toHaveLength(spaces.length);
    // U+180E and U+0085 are kept by trim(): the scanner steps aside for the first, zod decides.
    const kept = asRecords(['\u180e', '\u0085', '\\b', '\\"'].map((c) => laidOut(makePlayEvent(), PRODUCER_ORDER, { title: `"${c}"` })));
    expect(compareWithDecodeEvent(kept).disagreements).toEqual([]);
    expect(decodeEvents(kept, { now: NOW }).map((r) => r.ok)).toEqual(kept.map((r) => oracle(r.value as Buffer).ok));
  });

  it('decodes escapes, non-ASCII text and characters beyond the BMP, counting lengths in code points as zod does', () => {
    const titles = ['"a\\"b\\\\c\\/d"', '"\\u00e9t\\u00C9"', '"\\ud83d\\ude00"', '"é\\n😀"', `"${'😀'.repeat(300)}"`, `"${'😀'.repeat(301)}"`, `"${'é'.repeat(300)}"`, `"${'é'.repeat(301)}"`, '"\\x41"', '"\\u00g1"'];
    const payloads = titles.map((title) => laidOut(makePlayEvent(), SCHEMA_ORDER, { title }));
    expect(compareWithDecodeEvent(asRecords(payloads)).disagreements).toEqual([]);
    const results = decodeEvents(asRecords(payloads), { now: NOW });
    expect(results.map((r) => (r.ok ? r.event.track.title : null))).toEqual(['a"b\\c/d', 'étÉ', '😀', 'é\n😀', '😀'.repeat(300), null, 'é'.repeat(300), null, null, null]);
    // Text of \u escapes only is left to zod (the scanner cannot tell whether they are white space).
    expect(scannerAccepts(payloads)).toEqual([true, true, false, true, true, false, true, false, false, false]);
  });

  it('refuses, as decodeEvent does, every kind of invalid UTF-8 in text, and accepts the valid sequences at each edge', () => {
    const title = (bytes: number[]) => {
      const [before, after] = laidOut(makePlayEvent(), PRODUCER_ORDER, { title: '"a@b"' }).split('@') as [string, string];
      return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
    };
    const invalid = [
      [0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xc2], [0xc2, 0x41], [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], [0xe2, 0x82],
      [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff],
    ].map(title);
    const valid = [[0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xee, 0x80, 0x80], [0xef, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf]].map(title);
    expect(compareWithDecodeEvent([...invalid, ...valid].map((value) => ({ value }))).disagreements).toEqual([]);
    expect(decodeEvents([...invalid, ...valid].map((value) => ({ value })), { now: NOW }).map((r) => r.ok)).toEqual([...invalid.map(() => false), ...valid.map(() => true)]);
    expect(scannerAccepts(invalid)).toEqual(invalid.map(() => false));
    expect(scannerAccepts(valid)).toEqual(valid.map(() => true));
  });

  it('never lets a record borrow the bytes of the next: every cut of a valid event, followed by a valid event', () => {
    const text = encodeEvent(makeShareEvent()).value.toString('utf8');
    const payloads: string[] = [];
    for (let cut = 0; cut < text.length; cut++) payloads.push(text.slice(0, cut), text.slice(cut));
    const { disagreements, accepted } = compareWithDecodeEvent(asRecords(payloads));
    expect(disagreements.slice(0, 3)).toEqual([]);
    expect(accepted).toBe(1); // the whole event, cut at 0
  });

  it('checks the headers like decodeEvent: agreeing Buffers pass, anything else is decodeEvent\'s to judge', () => {
    const encoded = encodeEvent(makeSkipEvent());
    const asBuffers = Object.fromEntries(Object.entries(encoded.headers).map(([name, value]) => [name, Buffer.from(value)]));
    const variants: DecodableRecord[] = [
      { value: encoded.value, headers: encoded.headers },
      { value: encoded.value, headers: asBuffers },
      { value: encoded.value, headers: {} },
      { value: encoded.value, headers: { ...asBuffers, 'event-type': Buffer.from('play') } },
      { value: encoded.value, headers: { ...encoded.headers, 'schema-version': '2' } },
      { value: encoded.value, headers: { ...encoded.headers, 'schema-version': 'one' } },
      { value: encoded.value, headers: { ...encoded.headers, 'content-type': 'application/json; charset=utf-8' } },
      { value: encoded.value, headers: { ...encoded.headers, 'content-type': 'text/plain' } },
      { value: null, headers: encoded.headers },
      { value: undefined },
      { value: encoded.value.toString('utf8') },
      { value: new Uint8Array(0) },
    ];
    const { disagreements } = compareWithDecodeEvent(variants);
    expect(disagreements).toEqual([]);
    expect(decodeEvents(variants, { now: NOW }).map((r) => r.ok)).toEqual([true, true, true, false, false, false, true, false, false, false, true, false]);
  });

  it('keeps records in order across scans of many records and over the input size of one scan', () => {
    const random = seededRandom(5);
    const events = Array.from({ length: 700 }, (_, i) => {
      const make = [makePlayEvent, makeSkipEvent, makeLikeEvent, makeShareEvent][i % 4] as typeof makePlayEvent;
      return make({ user_id: `u${i}`, track: { title: 't'.repeat(1 + Math.floor(random() * 300)) } });
    });
    const records: DecodableRecord[] = events.map((event, i) => ({ value: i % 97 === 0 ? Buffer.from('{"oops"') : encodeEvent(event).value }));
    const results = decodeEvents(records, { now: NOW });
    expect(results).toHaveLength(700);
    results.forEach((result, i) => {
      if (i % 97 === 0) expect(result.ok).toBe(false);
      else expect(result).toEqual({ ok: true, event: events[i] });
    });
  });

  it('refuses an unknown time zone that follows known ones, and accepts an alias the runtime knows', () => {
    const zones = ['Europe/Paris', 'Mars/Olympus_Mons', 'Europe/Paris', 'Asia/Calcutta', 'Europe/Parid', 'UTC', 'Etc/UTC'];
    const records = asRecords(zones.map((timezone) => JSON.stringify(makeLikeEvent({ timezone }))));
    expect(decodeEvents(records, { now: NOW }).map((r) => r.ok)).toEqual([true, false, true, true, false, true, true]);
    expect(compareWithDecodeEvent(records).disagreements).toEqual([]);
  });

  it('applies the clock bound of the given now', () => {
    const latest = new Date(NOW + 3_600_000).toISOString();
    const tooLate = new Date(NOW + 3_600_001).toISOString();
    const records = asRecords([latest, tooLate].map((occurred_at) => JSON.stringify(makeLikeEvent({ occurred_at }))));
    expect(decodeEvents(records, { now: NOW }).map((r) => r.ok)).toEqual([true, false]);
    expect(decodeEvents(records, { now: NOW + 1 }).map((r) => r.ok)).toEqual([true, true]);
  });
});
