import { MicroBatcher, type ClosedBatch, type Clock } from './micro-batcher';

function fakeClock() {
  let now = 1_000;
  const timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  const clock: Clock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const timer = { at: now + ms, callback, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((t) => !t.cancelled && t.at <= now)) {
      t.cancelled = true;
      t.callback();
    }
  };
  return { clock, advance };
}

describe('MicroBatcher', () => {
  it('closes at the record limit', () => {
    const closed: ClosedBatch<number>[] = [];
    const { clock } = fakeClock();
    const batcher = new MicroBatcher<number>({ maxRecords: 3, maxBytes: 1e9, maxWaitMs: 1000 }, (b) => closed.push(b), clock);
    [1, 2, 3, 4].forEach((n) => batcher.add(n, 10));
    expect(closed).toEqual([{ records: [1, 2, 3], bytes: 30, reason: 'records', ageMs: 0 }]);
    expect(batcher.size).toBe(1);
  });

  it('closes at the byte limit', () => {
    const closed: ClosedBatch<string>[] = [];
    const { clock } = fakeClock();
    const batcher = new MicroBatcher<string>({ maxRecords: 100, maxBytes: 25, maxWaitMs: 1000 }, (b) => closed.push(b), clock);
    ['a', 'b', 'c'].forEach((s) => batcher.add(s, 10));
    expect(closed.map((b) => [b.records, b.reason])).toEqual([[['a', 'b', 'c'], 'bytes']]);
  });

  it('closes by time, measured from the first record of the batch', () => {
    const closed: ClosedBatch<number>[] = [];
    const { clock, advance } = fakeClock();
    const batcher = new MicroBatcher<number>({ maxRecords: 100, maxBytes: 1e9, maxWaitMs: 500 }, (b) => closed.push(b), clock);
    batcher.add(1, 1);
    advance(300);
    batcher.add(2, 1);
    advance(199);
    expect(closed).toEqual([]);
    advance(1);
    expect(closed).toEqual([{ records: [1, 2], bytes: 2, reason: 'time', ageMs: 500 }]);
    advance(10_000);
    expect(closed).toHaveLength(1);
  });

  it('does not let a stale timer close the next batch early', () => {
    const closed: ClosedBatch<number>[] = [];
    const { clock, advance } = fakeClock();
    const batcher = new MicroBatcher<number>({ maxRecords: 2, maxBytes: 1e9, maxWaitMs: 500 }, (b) => closed.push(b), clock);
    batcher.add(1, 1);
    batcher.add(2, 1);
    advance(100);
    batcher.add(3, 1);
    advance(450);
    expect(closed.map((b) => b.records)).toEqual([[1, 2]]);
    advance(50);
    expect(closed.map((b) => b.records)).toEqual([[1, 2], [3]]);
  });

  it('drains on demand and discards without closing', () => {
    const closed: ClosedBatch<number>[] = [];
    const batcher = new MicroBatcher<number>({ maxRecords: 10, maxBytes: 1e9, maxWaitMs: 500 }, (b) => closed.push(b), fakeClock().clock);
    batcher.drain();
    expect(closed).toEqual([]);
    batcher.add(1, 1);
    batcher.drain();
    expect(closed.map((b) => b.reason)).toEqual(['drain']);
    batcher.add(2, 1);
    expect(batcher.discard()).toBe(1);
    expect(batcher.size).toBe(0);
  });

  it('rejects nonsensical limits', () => {
    expect(() => new MicroBatcher({ maxRecords: 0, maxBytes: 1, maxWaitMs: 1 }, () => undefined)).toThrow('batch limit maxRecords must be a number > 0, got 0');
  });
});
