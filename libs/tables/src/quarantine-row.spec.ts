import { decodeEvent } from '@music/events';
import { QUARANTINE_COLUMNS, toQuarantineRow } from './quarantine-row';

const source = { topic: 'listening-events', partition: 1, offset: '99' };
const at = new Date('2026-11-24T00:00:01.000Z');

describe('toQuarantineRow', () => {
  it('keeps the original text and the precise reasons', () => {
    const payload = Buffer.from('{"schema_version":1,"event_type":"dance"}');
    const result = decodeEvent(payload);
    if (result.ok) throw new Error('expected a rejection');
    const row = toQuarantineRow(payload, result.issues, source, at);
    expect(row).toMatchObject({ raw_payload: '{"schema_version":1,"event_type":"dance"}', raw_encoding: 'utf8', raw_bytes: payload.byteLength, source_offset: 99, ingest_date: '2026-11-24' });
    expect(row.error_summary).toContain('event_type');
    expect(JSON.parse(row.issues)).toEqual(result.issues);
    expect(Object.keys(row).sort()).toEqual(QUARANTINE_COLUMNS.map((c) => c.name).sort());
  });

  it('keeps the user_id of a readable payload, so that erasure can find it', () => {
    const issues = [{ path: 'country', expected: 'a country', received: '"XX"', message: 'bad country' }];
    expect(toQuarantineRow(Buffer.from('{"user_id":"u-42","country":"XX"}'), issues, source, at).user_id).toBe('u-42');
    expect(toQuarantineRow(Buffer.from('{"user_id":42}'), issues, source, at).user_id).toBeNull();
    expect(toQuarantineRow(Buffer.from('{"user_id":"u-4'), issues, source, at).user_id).toBeNull();
  });

  it('stores bytes that are not UTF-8 as base64, and a null payload as null', () => {
    const bytes = Uint8Array.from([0xff, 0xfe, 0x00, 0x41]);
    const issues = [{ path: '', expected: 'JSON', received: '(binary)', message: 'not JSON' }];
    expect(toQuarantineRow(bytes, issues, source, at)).toMatchObject({ raw_payload: '//4AQQ==', raw_encoding: 'base64', raw_bytes: 4 });
    expect(toQuarantineRow(null, issues, source, at)).toMatchObject({ raw_payload: null, raw_encoding: 'null', raw_bytes: 0 });
  });
});
