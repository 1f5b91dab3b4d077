import type { LiveResponse } from '@music/metrics-contract';
import { EncodedFields, encodeResponse } from './response-encoding';

const live: LiveResponse = {
  table: 'bronze_listening_events',
  table_version: 3,
  last_updated: '2026-11-24T11:59:00.000Z',
  as_of: '2026-11-24T12:00:00.000Z',
  minutes: 2,
  from: '2026-11-24T11:59:00.000Z',
  to: '2026-11-24T12:01:00.000Z',
  newest_event_at: null,
  totals: { events: 3, plays: 2, skips: 1, likes: 0, shares: 0 },
  series: [
    { minute: '2026-11-24T11:59:00.000Z', events: 1, plays: 1, skips: 0, likes: 0, shares: 0 },
    { minute: '2026-11-24T12:00:00.000Z', events: 2, plays: 1, skips: 1, likes: 0, shares: 0 },
  ],
};

/** The JSON of `body` with its keys in the order written here, which is the schema's (liveResponse). */
const schemaOrdered = (body: LiveResponse) =>
  JSON.stringify({
    table: body.table,
    table_version: body.table_version,
    last_updated: body.last_updated,
    as_of: body.as_of,
    minutes: body.minutes,
    from: body.from,
    to: body.to,
    newest_event_at: body.newest_event_at,
    totals: body.totals,
    series: body.series,
  });

describe('encodeResponse', () => {
  it('writes the JSON of the body in the order of its schema, without fields the schema does not have', () => {
    const shuffled = { ...Object.fromEntries(Object.entries(live).reverse()), extra: 'dropped' } as unknown as LiveResponse;
    expect(encodeResponse('live', shuffled).toString('utf8')).toBe(schemaOrdered(live));
  });

  it('refuses a body that breaks the contract, naming the endpoint and the field', () => {
    expect(() => encodeResponse('live', { ...live, as_of: 'noon' })).toThrow(/GET \/v1\/live: the body does not match the response schema: .*as_of/s);
  });
});

describe('EncodedFields', () => {
  it('completed with the remaining fields, writes the bytes encodeResponse writes for the whole body', () => {
    const { as_of, ...window } = live;
    const fixed = EncodedFields.of('live', window);
    expect(fixed.complete({ as_of }).toString('utf8')).toBe(encodeResponse('live', live).toString('utf8'));
    const later = '2026-11-24T12:00:30.000Z';
    expect(fixed.complete({ as_of: later }).toString('utf8')).toBe(schemaOrdered({ ...live, as_of: later }));
  });

  it('checks each field, when encoded once and when completed', () => {
    const { as_of, ...window } = live;
    expect(() => EncodedFields.of('live', { ...window, minutes: 1.5 })).toThrow(/field minutes does not match/);
    expect(() => EncodedFields.of('live', window).complete({ as_of: 'noon' })).toThrow(/field as_of does not match/);
    expect(() => EncodedFields.of('live', window).complete({})).toThrow(/field as_of does not match/);
    expect(() => EncodedFields.of('live', { ...window, as_of, surprise: 1 } as Partial<LiveResponse>)).toThrow('surprise is not a field of the response');
  });
});
