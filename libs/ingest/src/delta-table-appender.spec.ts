import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeEvent } from '@music/events';
import { makePlayEvent } from '@music/events/testing';
import { openObjectStore, type ObjectStore } from '@music/storage';
import {
  BRONZE_COLUMNS,
  BRONZE_PARTITION_COLUMNS,
  BRONZE_TABLE,
  ERASED_LISTENERS_TABLE,
  openOrCreateTable,
  QUARANTINE_COLUMNS,
  QUARANTINE_PARTITION_COLUMNS,
  QUARANTINE_TABLE,
  userIdDigest,
  type BronzeRow,
  type QuarantineRow,
} from '@music/tables';
import { DeltaTableAppender } from './delta-table-appender';
import { DeltaErasedListeners } from './erased-listeners';
import { TableChangedError } from './table-appender';
import { writeBatch, type ConsumedRecord } from './ingest-batch';
import { InMemoryDeadLetters } from './testing';

jest.setTimeout(60_000);

const bronzeDefinition = { name: 'bronze', columns: BRONZE_COLUMNS, partitionColumns: BRONZE_PARTITION_COLUMNS, description: 'test bronze' };
const quarantineDefinition = { name: 'quarantine', columns: QUARANTINE_COLUMNS, partitionColumns: QUARANTINE_PARTITION_COLUMNS, description: 'test quarantine' };

function record(partition: number, offset: number, value?: Buffer): ConsumedRecord {
  const e = encodeEvent(makePlayEvent({ user_id: `u${partition}-${offset}` }));
  return { topic: 'events', partition, offset: String(offset), key: null, value: value ?? e.value, headers: value ? {} : e.headers };
}

describe('DeltaTableAppender on a local Delta table', () => {
  it('deletes, before the next batch, the rows a batch wrote of a listener erased while it was in flight', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ingest-delta-'));
    // The lake's own definitions: no statistics on user_id, so the log can be searched for the id.
    const bronzeTable = await openOrCreateTable(openObjectStore(`file://${root}/bronze`), BRONZE_TABLE);
    const quarantineTable = await openOrCreateTable(openObjectStore(`file://${root}/quarantine`), QUARANTINE_TABLE);
    const register = await openOrCreateTable(openObjectStore(`file://${root}/register`), ERASED_LISTENERS_TABLE);
    const bronze = new DeltaTableAppender<BronzeRow>('bronze', bronzeTable);
    const quarantine = new DeltaTableAppender<QuarantineRow>('quarantine', quarantineTable);
    const writers = { group: 'g', bronze, quarantine, deadLetters: new InMemoryDeadLetters(), now: () => new Date(), erased: new DeltaErasedListeners(register) };

    // The first batch is judged against an empty register and writes u0-0's event; the erasure
    // of u0-0 is registered (and its DELETE done) before the next batch.
    expect(await writeBatch([record(0, 0), record(0, 1)], writers)).toMatchObject({ valid: 2, erased: 0, erasedLate: 0 });
    await register.append([{ user_id_sha256: userIdDigest('u0-0'), erased_at: new Date(Date.now() + 60_000).toISOString() }]);
    expect(await writeBatch([record(0, 2)], writers)).toMatchObject({ valid: 1, erased: 0, erasedLate: 1 });

    const rows = await bronzeTable.duckdb.rows(`SELECT user_id FROM (${(await bronzeTable.scan()).sql}) ORDER BY 1`);
    expect(rows.map((row) => row['user_id'])).toEqual(['u0-1', 'u0-2']);
    // The ingest's DELETE records its predicate without the user's id, like the erasure's.
    const log = join(root, 'bronze', '_delta_log');
    const commits = readdirSync(log).filter((name) => name.endsWith('.json')).map((name) => readFileSync(join(log, name), 'utf8'));
    expect(commits.some((text) => text.includes('"operation":"DELETE"'))).toBe(true);
    expect(commits.filter((text) => text.includes('u0-0'))).toEqual([]);
    await Promise.all([bronze.close(), quarantine.close(), register.close()]);
  });

  it('commits rows with their txn claims and refuses a stale claim', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ingest-delta-'));
    const bronzeTable = await openOrCreateTable(openObjectStore(`file://${root}/bronze`), bronzeDefinition);
    const quarantineTable = await openOrCreateTable(openObjectStore(`file://${root}/quarantine`), quarantineDefinition);
    const bronze = new DeltaTableAppender<BronzeRow>('bronze', bronzeTable);
    const quarantine = new DeltaTableAppender<QuarantineRow>('quarantine', quarantineTable);
    const writers = { group: 'g', bronze, quarantine, deadLetters: new InMemoryDeadLetters(), now: () => new Date('2026-11-24T10:00:00.000Z') };

    const batch = [record(0, 0), record(0, 1, Buffer.from('{"nope":')), record(1, 0)];
    const first = await writeBatch(batch, writers);
    expect(first).toMatchObject({ valid: 2, invalid: 1, alreadyWritten: 0 });
    expect(await bronze.txnVersions(['streaming-ingest:g:events:0', 'streaming-ingest:g:events:1'])).toEqual(
      new Map([
        ['streaming-ingest:g:events:0', 1],
        ['streaming-ingest:g:events:1', 0],
      ]),
    );
    // The same batch again (a replay): nothing new is written.
    const replay = await writeBatch(batch, writers);
    expect(replay).toMatchObject({ alreadyWritten: 3, bronzeVersion: undefined, quarantineVersion: undefined });

    const snapshot = await bronzeTable.refresh();
    const plan = await bronzeTable.scan({ columns: ['event_id', 'source_partition', 'source_offset'] });
    const rows = await bronzeTable.duckdb.rows(plan.sql);
    expect(rows).toHaveLength(2);
    expect(snapshot.partitionColumns).toEqual(['event_date']);

    // A second "consumer" with a stale view of partition 0 must be refused.
    const competing = await openOrCreateTable(openObjectStore(`file://${root}/bronze`), bronzeDefinition);
    const stale = new DeltaTableAppender<BronzeRow>('bronze', competing);
    await expect(stale.append([], [{ appId: 'streaming-ingest:g:events:0', version: 5, expectedVersion: -1 }])).rejects.toThrow(
      'bronze: txn streaming-ingest:g:events:0 is at 1, expected -1',
    );
    await Promise.all([bronze.close(), quarantine.close(), stale.close()]);
  });

  it('writes a batch exactly once when an operator changes the table properties while it commits', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ingest-delta-'));
    const bronzeUri = `file://${root}/bronze`;
    const operator = await openOrCreateTable(openObjectStore(bronzeUri), bronzeDefinition);
    const bronzeTable = await openOrCreateTable(
      alteredBeforeFirstCommit(openObjectStore(bronzeUri), () => operator.setProperties({ 'delta.logRetentionDuration': 'interval 3 days' })),
      bronzeDefinition,
    );
    const quarantineTable = await openOrCreateTable(openObjectStore(`file://${root}/quarantine`), quarantineDefinition);
    const bronze = new DeltaTableAppender<BronzeRow>('bronze', bronzeTable);
    const quarantine = new DeltaTableAppender<QuarantineRow>('quarantine', quarantineTable);
    const writers = { group: 'g', bronze, quarantine, deadLetters: new InMemoryDeadLetters(), now: () => new Date() };

    const outcome = await writeBatch([record(0, 0), record(0, 1), record(2, 7)], writers);

    expect(outcome).toMatchObject({ valid: 3, invalid: 0, alreadyWritten: 0, bronzeVersion: 2 });
    const snapshot = await operator.refresh();
    expect(snapshot.configuration['delta.logRetentionDuration']).toBe('interval 3 days');
    const rows = await operator.duckdb.rows(`SELECT source_partition, source_offset FROM (${(await operator.scan()).sql}) ORDER BY 1, 2`);
    expect(rows.map((r) => `${String(r['source_partition'])}/${String(r['source_offset'])}`)).toEqual(['0/0', '0/1', '2/7']);

    // The appender alone reports the race as a TableChangedError: nothing of it was written.
    const stale = new DeltaTableAppender<BronzeRow>(
      'bronze',
      await openOrCreateTable(alteredBeforeFirstCommit(openObjectStore(bronzeUri), () => operator.setProperties({ owner: 'operations' })), bronzeDefinition),
    );
    await expect(stale.append([], [{ appId: 'streaming-ingest:g:events:9', version: 1, expectedVersion: -1 }])).rejects.toThrow(TableChangedError);
    expect((await operator.refresh()).version).toBe(3);
    expect(await stale.txnVersions(['streaming-ingest:g:events:9'])).toEqual(new Map());
    await Promise.all([bronze.close(), quarantine.close(), operator.close(), stale.close()]);
  });
});

/** `store`, where `alter` runs (once) just before the first commit attempt on it. */
function alteredBeforeFirstCommit(store: ObjectStore, alter: () => Promise<unknown>): ObjectStore {
  let altered = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'putIfAbsent') {
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (key: string, body: Uint8Array) => {
        if (!altered && key.startsWith('_delta_log/')) {
          altered = true;
          await alter();
        }
        return target.putIfAbsent(key, body);
      };
    },
  });
}
