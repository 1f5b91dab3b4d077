import { EVENT_TYPES, type ListeningEvent } from './event-schema';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from './event-factories';
import { EVENT_HEADERS, JSON_CONTENT_TYPE, decodeEvent, encodeEvent } from './kafka-codec';
import { MALFORMED_CASES } from './malformed-cases';

const NOW = Date.parse('2025-06-01T12:30:00.000Z');
const ALL: ListeningEvent[] = [
  makePlayEvent(),
  makePlayEvent({ completed: false, ms_played: 0, track: { title: 'Été — 夏', artist_name: 'Sigur Rós' } }),
  makeSkipEvent(),
  makeLikeEvent({ platform: 'car', country: 'JP', timezone: 'Asia/Tokyo' }),
  makeShareEvent({ channel: 'other' }),
];

function issuePaths(result: ReturnType<typeof decodeEvent>): string[] {
  return result.ok ? [] : result.issues.map((i) => i.path);
}

describe('encodeEvent / decodeEvent', () => {
  it.each(ALL.map((e) => [e.event_type, e] as const))('round-trips a %s event with its key and headers', (_type, event) => {
    const record = encodeEvent(event);
    expect(record.key).toBe(event.user_id);
    expect(record.headers).toEqual({ 'schema-version': '1', 'event-type': event.event_type, 'content-type': 'application/json' });
    expect(JSON.parse(record.value.toString('utf8'))).toEqual(event);
    expect(decodeEvent(record.value, record.headers, { now: NOW })).toEqual({ ok: true, event });
  });

  it('covers every event type', () => {
    expect(new Set(ALL.map((e) => e.event_type))).toEqual(new Set(EVENT_TYPES));
  });

  it('decodes what Kafka clients hand over: Buffer headers, Uint8Array views, strings, no headers', () => {
    const event = makeShareEvent();
    const record = encodeEvent(event);
    const bufferHeaders = Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]));
    const fetched = new Uint8Array([1, 2, ...record.value, 3]);
    const view = fetched.subarray(2, 2 + record.value.length);
    expect(decodeEvent(view, bufferHeaders, { now: NOW })).toEqual({ ok: true, event });
    expect(decodeEvent(record.value.toString('utf8'), undefined, { now: NOW })).toEqual({ ok: true, event });
    expect(decodeEvent(record.value, { 'content-type': undefined }, { now: NOW })).toEqual({ ok: true, event });
  });

  it('refuses a null value (tombstone) with an issue, not an exception', () => {
    expect(decodeEvent(null)).toEqual({ ok: false, issues: [expect.objectContaining({ path: '', received: 'null' })] });
  });

  it('refuses every malformed payload at its path', () => {
    for (const malformed of MALFORMED_CASES) {
      const result = decodeEvent(malformed.payload, { [EVENT_HEADERS.contentType]: JSON_CONTENT_TYPE }, { now: NOW });
      expect(issuePaths(result)[0]).toBe(malformed.expectedPath);
    }
  });

  it('refuses headers that contradict the body', () => {
    const record = encodeEvent(makePlayEvent());
    expect(issuePaths(decodeEvent(record.value, { ...record.headers, 'event-type': 'skip' }, { now: NOW }))).toEqual(['headers.event-type']);
    expect(issuePaths(decodeEvent(record.value, { ...record.headers, 'content-type': 'text/csv' }, { now: NOW }))).toEqual(['headers.content-type']);
    expect(decodeEvent(record.value, { ...record.headers, 'content-type': 'Application/JSON; charset=utf-8' }, { now: NOW }).ok).toBe(true);
    expect(issuePaths(decodeEvent(record.value, { ...record.headers, 'schema-version': 'one' }, { now: NOW }))).toEqual(['headers.schema-version']);
    expect(issuePaths(decodeEvent(record.value, { ...record.headers, 'schema-version': '0' }, { now: NOW }))).toEqual(['headers.schema-version']);
  });

  it('refuses a future schema version named in the header without reading the body', () => {
    const result = decodeEvent('this body is not even JSON', { 'schema-version': '2' }, { now: NOW });
    expect(result).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: 'headers.schema-version', received: '2', message: expect.stringContaining('upgrade it before reading version 2') })],
    });
  });

  it('refuses a header of an unusable type instead of throwing', () => {
    const record = encodeEvent(makeLikeEvent());
    const headers = { 'event-type': 42 } as unknown as Record<string, string>;
    expect(issuePaths(decodeEvent(record.value, headers, { now: NOW }))).toEqual(['headers.event-type']);
  });
});
