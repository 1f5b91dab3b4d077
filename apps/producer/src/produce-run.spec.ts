import { ListeningSimulator } from '@music/simulator';
import { DeliveryError, type EventSink, type OutgoingRecord } from './event-sink';
import type { RecordBatch } from './record-batch';
import { MalformedInjector } from './malformed-injector';
import { produceRecords, type Pacing, type RunClock, type RunOptions } from './produce-run';
import { RecordBatchBuilder } from './record-batch-builder';
import { RunManifest } from './run-manifest';

const START = Date.UTC(2025, 0, 6, 18);

/** Records what it is asked to do; can fail on a given send or on open. */
class FakeSink implements EventSink {
  readonly description = 'fake';
  readonly sent: OutgoingRecord[][] = [];
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  sendTimes: number[] = [];
  constructor(
    private readonly options: { failOnSend?: number; failOpen?: boolean; clock?: RunClock; onSend?: (n: number) => void } = {},
  ) {}
  async open(): Promise<void> {
    this.calls.push('open');
    if (this.options.failOpen) throw new DeliveryError('Could not connect to brokers 127.0.0.1:1');
  }
  async send(batch: RecordBatch): Promise<void> {
    this.calls.push('send');
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.sendTimes.push(this.options.clock?.now() ?? 0);
    this.options.onSend?.(this.sent.length + 1);
    // Resolve later than the caller's next step, as a network round trip would.
    for (let i = 0; i < 3; i++) await Promise.resolve();
    this.inFlight--;
    if (this.sent.length + 1 === this.options.failOnSend) throw new DeliveryError('Could not deliver a batch');
    this.sent.push(batch.toRecords());
  }
  async flush(): Promise<void> {
    this.calls.push('flush');
  }
  async close(): Promise<void> {
    this.calls.push('close');
  }
}

/** Time that moves only when the run sleeps. */
function fakeClock(start: number): RunClock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => (now += ms),
    sleep: async (ms) => {
      now += ms;
      await Promise.resolve();
    },
  };
}

function setup(overrides: Partial<RunOptions> & { simulator?: ListeningSimulator; badRatio?: number } = {}) {
  const simulator = overrides.simulator ?? ListeningSimulator.create({ seed: 'run', startMs: START, users: 500, artists: 50, tracks: 500 });
  const manifest = new RunManifest();
  const options: RunOptions = {
    builder: new RecordBatchBuilder(simulator, new MalformedInjector(0, [], 'run'), true),
    sink: new FakeSink(),
    manifest,
    pacing: { kind: 'unlimited' },
    batchSize: 1_000,
    maxBatchBytes: Infinity,
    maxRecords: 10_000,
    maxDurationMs: undefined,
    signal: new AbortController().signal,
    clock: fakeClock(START),
    ...overrides,
  };
  return { options, manifest };
}

describe('produceRecords', () => {
  it('delivers exactly --count records in batches, one request in flight, then flushes and closes', async () => {
    const sink = new FakeSink();
    const { options, manifest } = setup({ sink, maxRecords: 4_500 });
    const outcome = await produceRecords(options);
    expect(outcome).toEqual({ stoppedBy: 'count', error: undefined });
    expect(sink.sent.map((b) => b.length)).toEqual([1_000, 1_000, 1_000, 1_000, 500]);
    expect(sink.maxInFlight).toBe(1);
    expect(sink.calls[0]).toBe('open');
    expect(sink.calls.slice(-2)).toEqual(['flush', 'close']);
    const document = manifest.document({ destination: 'fake', seed: 'run', mode: 'backfill', complete: true, error: undefined, elapsedMs: 1, cpuMs: 1 });
    expect(document.records).toBe(4_500);
    expect(document.eventIds.count).toBe(4_500);
  });

  it('keeps requests under the byte budget', async () => {
    const sink = new FakeSink();
    const { options } = setup({ sink, maxRecords: 3_000, maxBatchBytes: 100_000 });
    await produceRecords(options);
    const sizes = sink.sent.map((b) => b.reduce((sum, r) => sum + r.value.length, 0));
    expect(sizes.length).toBeGreaterThan(10);
    for (const size of sizes) expect(size).toBeLessThan(100_000 + 2_000);
    expect(sink.sent.flat()).toHaveLength(3_000);
  });

  it('stops at the first failed batch, counts it undelivered and lists only delivered events', async () => {
    const sink = new FakeSink({ failOnSend: 3 });
    const { options, manifest } = setup({ sink });
    const outcome = await produceRecords(options);
    expect(outcome.stoppedBy).toBe('error');
    expect(outcome.error).toBeInstanceOf(DeliveryError);
    expect(sink.calls.filter((c) => c === 'send')).toHaveLength(3);
    expect(sink.calls.slice(-2)).toEqual(['flush', 'close']);
    const document = manifest.document({ destination: 'fake', seed: 'run', mode: 'backfill', complete: false, error: outcome.error, elapsedMs: 1, cpuMs: 1 });
    expect(document.records).toBe(2_000);
    expect(document.undelivered).toBe(1_000);
    expect(document.eventIds.sorted).toEqual(sink.sent.flat().map((r) => JSON.parse(r.value.toString()).event_id).sort());
  });

  it('reports a sink that cannot open, without sending', async () => {
    const sink = new FakeSink({ failOpen: true });
    const outcome = await produceRecords(setup({ sink }).options);
    expect(outcome.stoppedBy).toBe('error');
    expect(outcome.error?.message).toContain('127.0.0.1:1');
    expect(sink.calls).toEqual(['open']);
  });

  it('on a signal, delivers what is in flight, flushes, closes and stops cleanly', async () => {
    const stop = new AbortController();
    const sink = new FakeSink({ onSend: (n) => n === 2 && stop.abort() });
    const { options, manifest } = setup({ sink, signal: stop.signal, maxRecords: undefined });
    const outcome = await produceRecords(options);
    expect(outcome).toEqual({ stoppedBy: 'signal', error: undefined });
    expect(sink.sent).toHaveLength(2);
    expect(manifest.deliveredRecords).toBe(2_000);
    expect(sink.calls.slice(-2)).toEqual(['flush', 'close']);
  });

  it('paces a backfill at --rate', async () => {
    const clock = fakeClock(START);
    const { options, manifest } = setup({ clock, pacing: { kind: 'rate', perSecond: 2_000 }, maxRecords: undefined, maxDurationMs: 5_000 });
    const outcome = await produceRecords(options);
    expect(outcome.stoppedBy).toBe('duration');
    expect(manifest.deliveredRecords).toBeGreaterThanOrEqual(9_000);
    expect(manifest.deliveredRecords).toBeLessThanOrEqual(10_001);
  });

  it('in live mode sends no event before its time, and keeps up with the clock', async () => {
    const clock = fakeClock(START);
    const simulator = ListeningSimulator.create({ seed: 'live', startMs: START, users: 5_000, artists: 50, tracks: 500, targetEventsPerSecond: 300 });
    const sink = new FakeSink({ clock });
    const pacing: Pacing = { kind: 'live' };
    const { options, manifest } = setup({ simulator, sink, clock, pacing, maxRecords: undefined, maxDurationMs: 10_000 });
    await produceRecords(options);
    const early = sink.sent.flatMap((batch, i) => batch.filter((r) => Date.parse(JSON.parse(r.value.toString()).occurred_at) > (sink.sendTimes[i] as number)));
    expect(early).toEqual([]);
    expect(manifest.deliveredRecords / 10).toBeGreaterThan(250);
    expect(manifest.deliveredRecords / 10).toBeLessThan(350);
  });

  it('ends with the simulated period', async () => {
    const simulator = ListeningSimulator.create({ seed: 'end', startMs: START, endMs: START + 10 * 60_000, users: 500, artists: 50, tracks: 500 });
    const { options, manifest } = setup({ simulator, maxRecords: undefined });
    expect((await produceRecords(options)).stoppedBy).toBe('end');
    expect(manifest.deliveredRecords).toBeGreaterThan(0);
  });
});
