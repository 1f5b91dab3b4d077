import { randomUUID } from 'node:crypto';
import { openObjectStore, WebHdfsClient, type ObjectStore } from '@music/storage';
import { serviceEndpoint } from '@music/test-support';
import type { StructType } from './delta-schema';
import { DeltaTable, type TableAppendResult } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

/**
 * The library on the real object stores (MinIO S3, HDFS through WebHDFS): concurrent writers
 * committing through each backend's putIfAbsent, checkpoints, and reads through the local cache.
 */

jest.setTimeout(120_000);

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'writer', type: 'integer', nullable: false, metadata: {} },
    { name: 'batch', type: 'integer', nullable: false, metadata: {} },
    { name: 'n', type: 'integer', nullable: false, metadata: {} },
    { name: 'day', type: 'date', nullable: false, metadata: {} },
  ],
};

interface TestStore {
  store: ObjectStore;
  /** Removes everything the test wrote (HDFS also keeps empty directories otherwise). */
  cleanup(): Promise<void>;
}

async function deleteAll(store: ObjectStore): Promise<void> {
  await Promise.all((await store.list('')).map((meta) => store.delete(meta.key)));
}

const BACKENDS: [name: string, open: () => Promise<TestStore>][] = [
  [
    's3:// on MinIO',
    async () => {
      const minio = await serviceEndpoint('minio', process.env);
      const store = openObjectStore(`s3://${minio.bucket}/delta-int/${randomUUID()}`, {
        s3: { endpoint: minio.endpoint, region: minio.region, credentials: { accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey } },
      });
      return { store, cleanup: () => deleteAll(store) };
    },
  ],
  [
    'hdfs:// through WebHDFS',
    async () => {
      const hdfs = await serviceEndpoint('hdfs', process.env);
      const path = `/delta-int/${randomUUID()}`;
      const store = openObjectStore(`${hdfs.hdfsUrl}${path}`, { hdfs: { webhdfsUrl: hdfs.webhdfsUrl, user: hdfs.user } });
      const client = new WebHdfsClient({ webhdfsUrl: hdfs.webhdfsUrl, user: hdfs.user });
      return { store, cleanup: async () => void (await client.delete(path, true)) };
    },
  ],
];

describe.each(BACKENDS)('Delta table on %s', (_name, openStore) => {
  let testStore: TestStore | undefined;
  let store: ObjectStore;
  let duckdb: DuckDBSession;
  let cache: TemporaryDirectory;

  beforeAll(async () => {
    testStore = await openStore();
    store = testStore.store;
    duckdb = await DuckDBSession.create();
    cache = await temporaryDirectory('int-cache');
  });

  afterAll(async () => {
    await testStore?.cleanup();
    await duckdb?.close();
    await cache?.remove();
  });

  it('commits concurrent appends exactly once, checkpoints, and reads back through the cache', async () => {
    const writers = 3;
    const batches = 3;
    await DeltaTable.create(store, { schema: SCHEMA, partitionColumns: ['day'], properties: { 'delta.checkpointInterval': '5' } });
    const tables = await Promise.all(
      Array.from({ length: writers }, () => DeltaTable.open(store, { duckdb, cacheDirectory: cache.path })),
    );
    const outcomes: TableAppendResult[] = (
      await Promise.all(
        tables.map(async (table, writer) => {
          const results: TableAppendResult[] = [];
          for (let batch = 0; batch < batches; batch++) {
            const rows = Array.from({ length: 5 }, (_, n) => ({ writer, batch, n, day: `2024-03-0${1 + (n % 2)}` }));
            results.push(await table.append(rows, { txn: { appId: `writer-${writer}`, version: batch } }));
          }
          return results;
        }),
      )
    ).flat();
    const versions = outcomes.map((outcome) => (outcome.status === 'committed' ? outcome.version : -1)).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: writers * batches }, (_, index) => index + 1));
    const checkpoints = outcomes.filter((outcome) => 'checkpoint' in outcome && outcome.checkpoint?.status === 'written');
    expect(checkpoints).toHaveLength(1);

    const logKeys = (await store.list('_delta_log/')).map((meta) => meta.key);
    expect(logKeys).toContain('_delta_log/00000000000000000005.checkpoint.parquet');
    expect(logKeys).toContain('_delta_log/_last_checkpoint');

    const reader = await DeltaTable.open(store, { duckdb, cacheDirectory: cache.path });
    expect(reader.snapshot().version).toBe(writers * batches);
    expect(Object.fromEntries([...reader.snapshot().txns].map(([appId, txn]) => [appId, txn.version]))).toEqual({
      'writer-0': batches - 1,
      'writer-1': batches - 1,
      'writer-2': batches - 1,
    });
    const counts = await duckdb.rows(
      `SELECT count(*) AS total, count(DISTINCT (writer, batch, n)) AS distinct_rows, count(DISTINCT day) AS days FROM (${(await reader.scan()).sql})`,
    );
    expect(counts).toEqual([{ total: 45n, distinct_rows: 45n, days: 2n }]);

    const replayed = await reader.append([{ writer: 0, batch: 0, n: 0, day: '2024-03-01' }], { txn: { appId: 'writer-0', version: 0 } });
    expect(replayed).toMatchObject({ status: 'skipped', reason: 'txn-already-applied' });
  });
});
