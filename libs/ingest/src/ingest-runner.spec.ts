import { encodeEvent } from '@music/events';
import { makePlayEvent } from '@music/events/testing';
import { createLogger } from '@music/logger';
import { Writable } from 'node:stream';
import type { BronzeRow, QuarantineRow } from '@music/tables';
import type { ConsumedRecord } from './ingest-batch';
import { IngestRunner, type CommittedBatch } from './ingest-runner';
import { InMemoryDeadLetters, InMemoryTable } from './testing';

const log = createLogger({ name: 'test', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

function record(partition: number, offset: number): ConsumedRecord {
  const e = encodeEvent(makePlayEvent({ user_id: `u${offset}` }));
  return { topic: 't', partition, offset: String(offset), key: null, value: e.value, headers: e.headers };
}

function setup(limits = { maxRecords: 3, maxBytes: 1e9, maxWaitMs: 60_000 }) {
  const bronze = new InMemoryTable<BronzeRow>('bronze');
  const quarantine = new InMemoryTable<QuarantineRow>('quarantine');
  const committed: CommittedBatch[] = [];
  const runner = new IngestRunner({
    limits,
    writers: { group: 'g', bronze, quarantine, deadLetters: new InMemoryDeadLetters(), now: () => new Date() },
    log,
    onCommitted: (b) => {
      committed.push(b);
    },
  });
  return { bronze, committed, runner };
}

describe('IngestRunner', () => {
  it('commits full batches and drains the rest', async () => {
    const { bronze, committed, runner } = setup();
    await runner.accept([0, 1, 2, 3, 4].map((o) => record(0, o)));
    await runner.drain();
    expect(committed.map((b) => [b.records.length, b.closedBy])).toEqual([
      [3, 'records'],
      [2, 'drain'],
    ]);
    expect(bronze.rows.map((r) => r.source_offset)).toEqual([0, 1, 2, 3, 4]);
    expect(bronze.version).toBe(1);
  });

  it('blocks the consumer while the writer lags (backpressure)', async () => {
    const { bronze, runner } = setup({ maxRecords: 1, maxBytes: 1e9, maxWaitMs: 60_000 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const append = bronze.append.bind(bronze);
    bronze.append = async (rows, claims) => {
      await gate;
      return append(rows, claims);
    };
    let accepted = false;
    const accepting = runner.accept([record(0, 0), record(0, 1), record(0, 2)]).then(() => (accepted = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(accepted).toBe(false);
    expect(runner.backlog).toBeGreaterThan(1);
    release();
    await accepting;
    await runner.drain();
    expect(bronze.rows).toHaveLength(3);
  });

  it('runs maintenance between commits, never during one, and survives its failure', async () => {
    const { bronze, runner } = setup({ maxRecords: 2, maxBytes: 1e9, maxWaitMs: 60_000 });
    const order: string[] = [];
    const append = bronze.append.bind(bronze);
    bronze.append = async (rows, claims) => {
      order.push('commit-start');
      await new Promise((r) => setTimeout(r, 20));
      order.push('commit-end');
      return append(rows, claims);
    };
    await runner.accept([record(0, 0), record(0, 1)]);
    const maintenance = runner.schedule('optimize', async () => {
      order.push('maintenance');
    });
    await runner.schedule('broken', async () => {
      throw new Error('optimize failed');
    });
    await maintenance;
    await runner.accept([record(0, 2), record(0, 3)]);
    await runner.drain();
    expect(order).toEqual(['commit-start', 'commit-end', 'maintenance', 'commit-start', 'commit-end']);
    expect(runner.failed).toBeUndefined();
  });

  it('stops accepting after a failed write, keeping the cause', async () => {
    const { bronze, runner } = setup({ maxRecords: 1, maxBytes: 1e9, maxWaitMs: 60_000 });
    bronze.failNextAppend = new Error('disk full');
    await runner.accept([record(0, 0)]);
    await expect(runner.drain()).rejects.toThrow('restart to resume from the committed offsets');
    expect(runner.failed?.message).toBe('disk full');
    await expect(runner.accept([record(0, 1)])).rejects.toThrow();
    expect(bronze.rows).toHaveLength(0);
  });
});
