import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from '@music/storage';
import { CommitConflictError, TxnVersionMismatchError } from './delta-errors';
import type { StructType } from './delta-schema';
import { DeltaTable, type TableAppendResult } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { InterceptingStore } from './test-helpers/intercepting-store';
import { localStore, temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'writer', type: 'integer', nullable: false, metadata: {} },
    { name: 'batch', type: 'integer', nullable: false, metadata: {} },
    { name: 'n', type: 'integer', nullable: false, metadata: {} },
  ],
};

let directory: TemporaryDirectory;
const sessions: DuckDBSession[] = [];

async function session(): Promise<DuckDBSession> {
  const created = await DuckDBSession.create();
  sessions.push(created);
  return created;
}

beforeEach(async () => {
  directory = await temporaryDirectory('commit');
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((created) => created.close()));
  await directory.remove();
});

function batchRows(writer: number, batch: number, count: number) {
  return Array.from({ length: count }, (_, n) => ({ writer, batch, n }));
}

async function commitFiles(): Promise<string[]> {
  return (await readdir(join(directory.path, '_delta_log'))).filter((name) => /^\d{20}\.json$/.test(name)).sort();
}

async function dataFileCount(): Promise<number> {
  return (await readdir(directory.path)).filter((name) => name.endsWith('.parquet')).length;
}

async function commitActions(name: string): Promise<Record<string, Record<string, unknown>>[]> {
  const text = await readFile(join(directory.path, '_delta_log', name), 'utf8');
  return text.trim().split('\n').map((line) => JSON.parse(line));
}

function foreignCommit(actions: object[]): Uint8Array {
  const lines = [{ commitInfo: { timestamp: Date.now(), operation: 'FOREIGN', txnId: 'someone-else' } }, ...actions];
  return Buffer.from(lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
}

describe('optimistic commits', () => {
  it('lands every commit of 4 concurrent writers exactly once, with contiguous versions', async () => {
    const writers = 4;
    const batches = 5;
    const rowsPerBatch = 10;
    await DeltaTable.create(localStore(directory.path), { schema: SCHEMA });
    const tables = await Promise.all(
      Array.from({ length: writers }, async () => DeltaTable.open(localStore(directory.path), { duckdb: await session(), checkpointInterval: 1000 })),
    );
    const results = await Promise.all(
      tables.map(async (table, writer) => {
        const outcomes: TableAppendResult[] = [];
        for (let batch = 0; batch < batches; batch++) {
          outcomes.push(await table.append(batchRows(writer, batch, rowsPerBatch), { txn: { appId: `writer-${writer}`, version: batch } }));
        }
        return outcomes;
      }),
    );
    const committed = results.flat();
    expect(committed.every((outcome) => outcome.status === 'committed')).toBe(true);
    const versions = committed.map((outcome) => (outcome.status === 'committed' ? outcome.version : -1)).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: writers * batches }, (_, index) => index + 1));
    // Contention really happened: some commits needed more than one attempt.
    const attempts = committed.reduce((total, outcome) => total + (outcome.status === 'committed' ? outcome.attempts : 0), 0);
    expect(attempts).toBeGreaterThan(writers * batches);

    const files = await commitFiles();
    expect(files).toEqual(Array.from({ length: writers * batches + 1 }, (_, version) => `${String(version).padStart(20, '0')}.json`));
    const txns: string[] = [];
    for (const name of files.slice(1)) {
      for (const action of await commitActions(name)) if (action['txn']) txns.push(`${action['txn']['appId']}:${action['txn']['version']}`);
    }
    expect(txns.sort()).toEqual(
      Array.from({ length: writers }, (_, writer) => Array.from({ length: batches }, (_, batch) => `writer-${writer}:${batch}`)).flat().sort(),
    );

    const reader = await DeltaTable.open(localStore(directory.path), { duckdb: await session() });
    expect(reader.snapshot().version).toBe(writers * batches);
    const plan = await reader.scan();
    const counts = await reader.duckdb.rows(`SELECT count(*) AS total, count(DISTINCT (writer, batch, n)) AS distinct_rows FROM (${plan.sql})`);
    expect(counts).toEqual([{ total: BigInt(writers * batches * rowsPerBatch), distinct_rows: BigInt(writers * batches * rowsPerBatch) }]);
    expect(await dataFileCount()).toBe(writers * batches);
  });

  it('lets only one of two writers with the same txn commit; the other skips and removes its files', async () => {
    await DeltaTable.create(localStore(directory.path), { schema: SCHEMA });
    const [first, second] = await Promise.all([0, 1].map(async () => DeltaTable.open(localStore(directory.path), { duckdb: await session() })));
    const outcomes = await Promise.all(
      [first, second].map((table, writer) => (table as DeltaTable).append(batchRows(writer, 0, 3), { txn: { appId: 'shared-app', version: 1 } })),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['committed', 'skipped']);
    expect(await commitFiles()).toHaveLength(2);
    expect(await dataFileCount()).toBe(1);
  });

  it('lets only one of two writers claiming the same expectedVersion commit; the other fails and removes its files', async () => {
    await DeltaTable.create(localStore(directory.path), { schema: SCHEMA });
    const tables = await Promise.all([0, 1].map(async () => DeltaTable.open(localStore(directory.path), { duckdb: await session() })));
    const outcomes = await Promise.allSettled(
      tables.map((table, writer) => table.append(batchRows(writer, 0, 3), { txns: [{ appId: 'topic:0', version: 99, expectedVersion: -1 }] })),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(failure?.reason).toBeInstanceOf(TxnVersionMismatchError);
    expect(failure?.reason).toMatchObject({ appId: 'topic:0', expected: -1, actual: 99 });
    expect(await commitFiles()).toHaveLength(2);
    expect(await dataFileCount()).toBe(1);
  });

  it('fails with CommitConflictError when the metadata changed concurrently, and removes its files', async () => {
    await DeltaTable.create(localStore(directory.path), { schema: SCHEMA });
    const metadata = (await DeltaTable.open(localStore(directory.path), { duckdb: await session() })).snapshot().metadata;
    const store = new InterceptingStore(localStore(directory.path), async (key, inner) => {
      await inner.putIfAbsent(key, foreignCommit([{ metaData: { ...metadata, configuration: { 'delta.appendOnly': 'true' } } }])).catch(() => undefined);
    });
    const table = await DeltaTable.open(store, { duckdb: await session() });
    const error = await table.append(batchRows(0, 0, 2)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toMatch(/commit at version 1 failed: the table metadata .* changed in version 1/);
    expect(await commitFiles()).toHaveLength(2);
    expect(await dataFileCount()).toBe(0);
  });

  it('gives up after the attempt budget when other writers always win', async () => {
    await DeltaTable.create(localStore(directory.path), { schema: SCHEMA });
    const store = new InterceptingStore(localStore(directory.path), async (key, inner) => {
      await inner.putIfAbsent(key, foreignCommit([])).catch(() => undefined);
    });
    const table = await DeltaTable.open(store, { duckdb: await session() });
    const error = await table.append(batchRows(0, 0, 2), { maxCommitAttempts: 3 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toMatch(/gave up after 3 attempts/);
    expect(await dataFileCount()).toBe(0);
  });

  it('does not commit twice when the commit write reports a failure after it landed', async () => {
    await DeltaTable.create(localStore(directory.path), { schema: SCHEMA });
    let failures = 0;
    const inner = localStore(directory.path);
    const store = new InterceptingStore(inner, async () => undefined);
    store.putIfAbsent = async (key: string, body: Uint8Array) => {
      await inner.putIfAbsent(key, body);
      if (/_delta_log\/\d{20}\.json$/.test(key) && failures++ === 0) throw new StorageError('putIfAbsent', key, 'connection reset after the write');
    };
    const table = await DeltaTable.open(store, { duckdb: await session() });
    const outcome = await table.append(batchRows(0, 0, 2), { txn: { appId: 'app', version: 1 } });
    expect(outcome).toMatchObject({ status: 'committed', version: 1 });
    expect(await commitFiles()).toHaveLength(2);
    expect(await dataFileCount()).toBe(1);
  });
});
