import { decodeEvent, encodeEvent, type ListeningEvent } from '@music/events';
import { MALFORMED_CASES } from '@music/events/testing';
import { ListeningSimulator } from '@music/simulator';
import { MalformedInjector } from './malformed-injector';
import { RecordBatchBuilder } from './record-batch-builder';

const START = Date.UTC(2025, 0, 6, 18);
const small = { startMs: START, users: 500, artists: 50, tracks: 500 };
const events = (seed: string, n: number): ListeningEvent[] => {
  const simulator = ListeningSimulator.create({ seed, ...small });
  return Array.from({ length: n }, () => simulator.next() as ListeningEvent);
};

describe('RecordBatchBuilder', () => {
  it('makes the records encodeEvent would: user key, exact JSON value, headers', () => {
    const builder = new RecordBatchBuilder(ListeningSimulator.create({ seed: 'records', ...small }), new MalformedInjector(0, [], 'records'), true);
    const expected = events('records', 5_000);
    const batches = [builder.build(1_234), builder.build(3_766)];
    const records = batches.flatMap((b) => b.toRecords());
    expect(records).toHaveLength(5_000);
    records.forEach((record, i) => {
      const encoded = encodeEvent(expected[i] as ListeningEvent);
      expect(record.key).toBe(encoded.key);
      expect(record.headers).toEqual(encoded.headers);
      expect(record.value.equals(encoded.value)).toBe(true);
    });
    expect(batches.flatMap((b) => b.eventIds)).toEqual(expected.map((e) => e.event_id));
    const byType = batches.reduce((sum, b) => sum + b.eventsByType.play + b.eventsByType.skip + b.eventsByType.like + b.eventsByType.share, 0);
    expect(byType).toBe(5_000);
    expect(batches[0]?.bytes).toBe(batches[0]?.toRecords().reduce((sum, r) => sum + r.value.length, 0));
    expect(batches[0]?.firstOccurredAt).toBe(expected[0]?.occurred_at);
    expect(batches[1]?.lastOccurredAt).toBe(expected[4_999]?.occurred_at);
    const decoded = decodeEvent(records[0]?.value, records[0]?.headers);
    expect(decoded.ok).toBe(true);
  });

  it('leaves event ids out unless asked, to save memory on long runs', () => {
    const builder = new RecordBatchBuilder(ListeningSimulator.create({ seed: 'ids', ...small }), new MalformedInjector(0, [], 'ids'), false);
    expect(builder.build(100).eventIds).toEqual([]);
  });

  it('holds back events that are not due yet (live mode) and sends them later, in order', () => {
    const expected = events('live', 400);
    const builder = new RecordBatchBuilder(ListeningSimulator.create({ seed: 'live', ...small }), new MalformedInjector(0, [], 'live'), true);
    const cut = Date.parse((expected[199] as ListeningEvent).occurred_at);
    const early = builder.build(10_000, cut);
    expect(early.eventIds).toEqual(expected.filter((e) => Date.parse(e.occurred_at) <= cut).map((e) => e.event_id));
    expect(builder.nextEventAt()).toBeGreaterThan(cut);
    const later = builder.build(400 - early.length);
    expect([...early.eventIds, ...later.eventIds]).toEqual(expected.map((e) => e.event_id));
  });

  it('mixes in malformed records at the ratio, of many kinds, without changing the valid events', () => {
    const builder = new RecordBatchBuilder(ListeningSimulator.create({ seed: 'bad', ...small }), new MalformedInjector(0.2, MALFORMED_CASES, 'bad'), true);
    const batch = builder.build(20_000);
    expect(batch.length).toBe(20_000);
    expect(batch.malformedKinds.length / 20_000).toBeCloseTo(0.2, 1);
    expect(new Set(batch.malformedKinds).size).toBe(new Set(MALFORMED_CASES.map((c) => c.name)).size);
    expect(batch.eventIds).toEqual(events('bad', batch.eventIds.length).map((e) => e.event_id));
    const refused = batch.toRecords().filter((r) => !decodeEvent(r.value, r.headers).ok).length;
    expect(refused).toBe(batch.malformedKinds.length);
  });

  it('reports the end of a bounded simulation', () => {
    const builder = new RecordBatchBuilder(ListeningSimulator.create({ seed: 'end', ...small, endMs: START + 60_000 }), new MalformedInjector(0, [], 'end'), false);
    const batch = builder.build(1_000_000);
    expect(batch.length).toBeGreaterThan(0);
    expect(builder.finished).toBe(true);
    expect(builder.nextEventAt()).toBeUndefined();
    expect(builder.build(10).length).toBe(0);
  });
});
