import { encodeEvent } from '@music/events';
import { makeLikeEvent, makePlayEvent, MALFORMED_CASES } from '@music/events/testing';
import type { BronzeRow, QuarantineRow } from '@music/tables';
import { writeBatch, type BatchWriters, type ConsumedRecord } from './ingest-batch';
import { InMemoryDeadLetters, InMemoryTable } from './testing';

const TOPIC = 'listening-events';

function goodRecord(partition: number, offset: number): ConsumedRecord {
  const encoded = encodeEvent(makePlayEvent({ user_id: `u${partition}-${offset}` }));
  return { topic: TOPIC, partition, offset: String(offset), key: Buffer.from(encoded.key), value: encoded.value, headers: encoded.headers };
}

function badRecord(partition: number, offset: number, kind = 0): ConsumedRecord {
  const bad = MALFORMED_CASES[kind % MALFORMED_CASES.length];
  if (!bad) throw new Error('no malformed cases');
  return { topic: TOPIC, partition, offset: String(offset), key: null, value: Buffer.from(bad.payload), headers: {} };
}

function writers() {
  const bronze = new InMemoryTable<BronzeRow>('bronze');
  const quarantine = new InMemoryTable<QuarantineRow>('quarantine');
  const deadLetters = new InMemoryDeadLetters();
  const deps: BatchWriters = { group: 'g', bronze, quarantine, deadLetters, now: () => new Date('2026-11-24T12:00:00.000Z') };
  return { bronze, quarantine, deadLetters, deps };
}

describe('writeBatch', () => {
  it('splits a batch into bronze and quarantine, with txn offsets per partition', async () => {
    const { bronze, quarantine, deadLetters, deps } = writers();
    const batch = [goodRecord(0, 0), badRecord(0, 1), goodRecord(1, 5), goodRecord(0, 2)];
    const outcome = await writeBatch(batch, deps);
    expect(outcome).toMatchObject({ records: 4, valid: 3, invalid: 1, alreadyWritten: 0, bronzeVersion: 0, quarantineVersion: 0 });
    expect(bronze.rows.map((r) => `${r.source_partition}/${r.source_offset}`)).toEqual(['0/0', '1/5', '0/2']);
    expect(quarantine.rows.map((r) => r.source_offset)).toEqual([1]);
    expect(bronze.txns).toEqual(new Map([['streaming-ingest:g:listening-events:0', 2], ['streaming-ingest:g:listening-events:1', 5]]));
    expect(deadLetters.records).toHaveLength(1);
    expect(deadLetters.records[0]?.headers['dlq-source']).toBe('listening-events/0/1');
    expect(deadLetters.records[0]?.headers['dlq-reason']).toBeTruthy();
  });

  it('writes nothing twice when a batch is replayed after a crash between the two commits', async () => {
    const { bronze, quarantine, deps } = writers();
    const batch = [goodRecord(0, 0), badRecord(0, 1), goodRecord(0, 2)];
    bronze.failNextAppend = new Error('killed before the bronze commit');
    await expect(writeBatch(batch, deps)).rejects.toThrow('killed before the bronze commit');
    expect(quarantine.rows).toHaveLength(1);
    expect(bronze.rows).toHaveLength(0);

    // The consumer restarts from bronze's txn (none yet) and re-reads the same records,
    // this time cut into different batches.
    await writeBatch(batch.slice(0, 2), deps);
    const outcome = await writeBatch(batch.slice(1), deps);
    expect(quarantine.rows.map((r) => r.source_offset)).toEqual([1]);
    expect(bronze.rows.map((r) => r.source_offset)).toEqual([0, 2]);
    expect(outcome.alreadyWritten).toBe(1);
  });

  it('writes once the records a rebalance made the consumer read twice within one batch', async () => {
    const { bronze, deps } = writers();
    const first = [goodRecord(3, 20), goodRecord(3, 21), goodRecord(3, 22)];
    const outcome = await writeBatch([...first, ...first, goodRecord(3, 23)], deps);
    expect(bronze.rows.map((r) => r.source_offset)).toEqual([20, 21, 22, 23]);
    expect(bronze.txns.get('streaming-ingest:g:listening-events:3')).toBe(23);
    expect(outcome).toMatchObject({ records: 7, valid: 4, alreadyWritten: 0 });
  });

  it('skips a batch the table already holds entirely', async () => {
    const { bronze, deps } = writers();
    const batch = [goodRecord(2, 10), goodRecord(2, 11)];
    await writeBatch(batch, deps);
    const again = await writeBatch(batch, deps);
    expect(again).toMatchObject({ alreadyWritten: 2, bronzeVersion: undefined });
    expect(bronze.rows).toHaveLength(2);
  });

  it('loses a rebalance race without writing duplicates, then writes only what is left', async () => {
    const { bronze, deps } = writers();
    // Another consumer commits offsets 0..1 of partition 3 while we prepare 0..2.
    bronze.beforeAppend = () => {
      bronze.beforeAppend = undefined;
      bronze.rows.push({ source_partition: 3, source_offset: 0 } as BronzeRow, { source_partition: 3, source_offset: 1 } as BronzeRow);
      bronze.txns.set('streaming-ingest:g:listening-events:3', 1);
    };
    const outcome = await writeBatch([goodRecord(3, 0), goodRecord(3, 1), goodRecord(3, 2)], deps);
    expect(bronze.rows.map((r) => r.source_offset)).toEqual([0, 1, 2]);
    expect(outcome.alreadyWritten).toBe(2);
    expect(bronze.txns.get('streaming-ingest:g:listening-events:3')).toBe(2);
  });

  it('advances bronze offsets even for a batch of only rejected records', async () => {
    const { bronze, quarantine, deps } = writers();
    await writeBatch([badRecord(4, 7, 1), badRecord(4, 8, 2)], deps);
    expect(bronze.rows).toHaveLength(0);
    expect(bronze.txns.get('streaming-ingest:g:listening-events:4')).toBe(8);
    expect(quarantine.rows).toHaveLength(2);
  });

  it('does not commit to quarantine when nothing was rejected', async () => {
    const { quarantine, deps } = writers();
    await writeBatch([goodRecord(0, 0)], deps);
    expect(quarantine.version).toBe(-1);
  });

  it('rejects every malformed kind into quarantine with a reason, and keeps valid ones', async () => {
    const { bronze, quarantine, deadLetters, deps } = writers();
    const batch = [...MALFORMED_CASES.map((_, i) => badRecord(5, i, i)), { ...goodRecord(5, MALFORMED_CASES.length) }];
    const like = encodeEvent(makeLikeEvent());
    batch.push({ topic: TOPIC, partition: 5, offset: String(MALFORMED_CASES.length + 1), key: null, value: like.value, headers: like.headers });
    await writeBatch(batch, deps);
    expect(quarantine.rows).toHaveLength(MALFORMED_CASES.length);
    expect(deadLetters.records).toHaveLength(MALFORMED_CASES.length);
    expect(bronze.rows).toHaveLength(2);
    for (const row of quarantine.rows) expect(row.error_summary.length).toBeGreaterThan(0);
  });

  it('keeps the records of erased listeners out of bronze, quarantine and the DLQ, counting them, and still moves the offsets past them', async () => {
    const { bronze, quarantine, deadLetters, deps } = writers();
    const erasedAt = Date.parse('2026-11-24T12:00:00.000Z');
    let refreshes = 0;
    const wrote: ReadonlyMap<string, string | undefined>[] = [];
    deps.erased = {
      refresh: async () => {
        refreshes += 1;
        return [];
      },
      covers: (userId, occurredAt) => userId === 'gone' && (occurredAt === undefined || Date.parse(occurredAt) <= erasedAt),
      wrote: (users) => wrote.push(users),
    };
    const event = (offset: number, userId: string, occurredAt: string): ConsumedRecord => {
      const encoded = encodeEvent(makePlayEvent({ user_id: userId, occurred_at: occurredAt }));
      return { topic: TOPIC, partition: 2, offset: String(offset), key: Buffer.from(encoded.key), value: encoded.value, headers: encoded.headers };
    };
    // A malformed record whose user_id can still be read.
    const brokenOfGone: ConsumedRecord = { topic: TOPIC, partition: 2, offset: '3', key: null, value: Buffer.from('{"user_id":"gone","event_type":"play"}'), headers: {} };
    const outcome = await writeBatch(
      [event(0, 'gone', '2026-11-24T11:59:00.000Z'), event(1, 'kept', '2026-11-24T11:59:00.000Z'), event(2, 'gone', '2026-11-24T12:30:00.000Z'), brokenOfGone, badRecord(2, 4)],
      deps,
    );
    expect(refreshes).toBe(1);
    expect(outcome).toMatchObject({ records: 5, valid: 2, invalid: 1, erased: 2 });
    // An event the erased listener made after the erasure is new data, and stays.
    expect(bronze.rows.map((row) => `${row.user_id}@${row.source_offset}`)).toEqual(['kept@1', 'gone@2']);
    expect(quarantine.rows.map((row) => row.source_offset)).toEqual([4]);
    expect(deadLetters.records.map((record) => record.headers['dlq-source'])).toEqual(['listening-events/2/4']);
    expect(bronze.txns.get('streaming-ingest:g:listening-events:2')).toBe(4);
    // Whom the batch wrote, for the next refresh to check against erasures registered meanwhile.
    expect(wrote).toEqual([new Map([['kept', '2026-11-24T11:59:00.000Z'], ['gone', '2026-11-24T12:30:00.000Z']])]);
  });

  it('first deletes from both tables the rows of users the register covers since the previous batch wrote them', async () => {
    const { bronze, quarantine, deps } = writers();
    const late: string[][] = [['u0-0'], []];
    deps.erased = { refresh: async () => late.shift() ?? [], covers: () => false, wrote: () => undefined };
    bronze.rows.push({ user_id: 'u0-0', source_offset: 0 } as BronzeRow, { user_id: 'other', source_offset: 1 } as BronzeRow);
    quarantine.rows.push({ user_id: 'u0-0', source_offset: 2 } as QuarantineRow);
    const outcome = await writeBatch([goodRecord(1, 0)], deps);
    expect(outcome.erasedLate).toBe(2);
    expect(bronze.rows.map((row) => row.user_id)).toEqual(['other', 'u1-0']);
    expect(quarantine.rows).toEqual([]);
    expect((await writeBatch([goodRecord(1, 1)], deps)).erasedLate).toBe(0);
  });
});
