import { serviceEndpoint } from '@music/test-support';
import { parseActionLines } from './actions';
import type { StructType } from './delta-schema';
import { VersionNotFoundError } from './delta-errors';
import { DeltaTable, type TableAppendResult } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { hdfsTable, localTable, minioTable, type BackendTable } from './test-helpers/int-backends';
import { temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

/**
 * Concurrent writers on every backend (local disk, MinIO S3, HDFS through WebHDFS): 4 writers,
 * each with its own DeltaTable, store and DuckDB session, append at once. Every commit must land
 * exactly once, versions must be contiguous, the row count exact; checkpoints are written on the
 * way and a fresh reader reads everything back through the local cache. The expired log cleanup
 * then runs on the same backend, and the table still reads the same.
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

const WRITERS = 4;
const BATCHES = 5;
const ROWS_PER_BATCH = 25;

describe.each<[string, () => Promise<BackendTable>]>([
  ['local disk', () => localTable('concurrent')],
  ['MinIO (s3://)', async () => minioTable(await serviceEndpoint('minio', process.env), 'concurrent')],
  ['HDFS (WebHDFS)', async () => hdfsTable(await serviceEndpoint('hdfs', process.env), 'concurrent')],
])('4 concurrent writers on %s', (_name, openBackend) => {
  let location: BackendTable | undefined;
  let cache: TemporaryDirectory;
  const sessions: DuckDBSession[] = [];

  beforeAll(async () => {
    location = await openBackend();
    cache = await temporaryDirectory('int-cache');
  });

  afterAll(async () => {
    await location?.remove();
    await Promise.all(sessions.map((session) => session.close()));
    await cache?.remove();
  });

  async function session(): Promise<DuckDBSession> {
    const created = await DuckDBSession.create();
    sessions.push(created);
    return created;
  }

  it('commits every batch exactly once at contiguous versions, checkpoints, and reads back every row', async () => {
    const backend = location as BackendTable;
    await DeltaTable.create(backend.store, { schema: SCHEMA, partitionColumns: ['day'], properties: { 'delta.checkpointInterval': '5' } });
    const tables = await Promise.all(
      Array.from({ length: WRITERS }, async () => DeltaTable.open(backend.reopen(), { duckdb: await session(), cacheDirectory: cache.path })),
    );
    const outcomes: TableAppendResult[] = (
      await Promise.all(
        tables.map(async (table, writer) => {
          const results: TableAppendResult[] = [];
          for (let batch = 0; batch < BATCHES; batch++) {
            const rows = Array.from({ length: ROWS_PER_BATCH }, (_, n) => ({ writer, batch, n, day: `2024-03-0${1 + (n % 2)}` }));
            results.push(await table.append(rows, { txn: { appId: `writer-${writer}`, version: batch } }));
          }
          return results;
        }),
      )
    ).flat();
    const commits = WRITERS * BATCHES;
    const versions = outcomes.map((outcome) => (outcome.status === 'committed' ? outcome.version : -1)).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: commits }, (_, index) => index + 1));
    const attempts = outcomes.reduce((total, outcome) => total + (outcome.status === 'committed' ? outcome.attempts : 0), 0);
    expect(attempts).toBeGreaterThan(commits); // the writers really raced for versions

    // Exactly once, read from the log itself: each (writer, batch) txn appears in exactly one commit.
    const logKeys = (await backend.store.list('_delta_log/')).map((meta) => meta.key);
    const commitKeys = logKeys.filter((key) => /\d{20}\.json$/.test(key));
    expect(commitKeys).toHaveLength(commits + 1);
    const txns: string[] = [];
    for (const key of commitKeys.slice(1)) {
      const parsed = parseActionLines(Buffer.from(await backend.store.get(key)).toString('utf8'));
      if (!parsed.ok) throw new Error(`${key}: ${parsed.error}`);
      for (const action of parsed.actions) if (action.kind === 'txn') txns.push(`${action.value.appId}:${action.value.version}`);
    }
    expect(txns.sort()).toEqual(
      Array.from({ length: WRITERS }, (_, writer) => Array.from({ length: BATCHES }, (_, batch) => `writer-${writer}:${batch}`))
        .flat()
        .sort(),
    );
    for (const version of [5, 10, 15, 20]) expect(logKeys).toContain(`_delta_log/${String(version).padStart(20, '0')}.checkpoint.parquet`);
    expect(logKeys).toContain('_delta_log/_last_checkpoint');

    const reader = await DeltaTable.open(backend.reopen(), { duckdb: await session(), cacheDirectory: cache.path });
    expect(reader.snapshot().version).toBe(commits);
    const counts = await reader.duckdb.rows(
      `SELECT count(*) AS total, count(DISTINCT (writer, batch, n)) AS distinct_rows, count(DISTINCT day) AS days FROM (${(await reader.scan()).sql})`,
    );
    const rows = BigInt(commits * ROWS_PER_BATCH);
    expect(counts).toEqual([{ total: rows, distinct_rows: rows, days: 2n }]);

    const replayed = await reader.append([{ writer: 0, batch: 0, n: 0, day: '2024-03-01' }], { txn: { appId: 'writer-0', version: 0 } });
    expect(replayed).toMatchObject({ status: 'skipped', reason: 'txn-already-applied' });

    // Expired log cleanup on this backend (retention 0): checkpoint 20 and what follows stay, the table reads the same.
    const cleaned = await reader.cleanupLog({ retentionHours: 0 });
    expect(cleaned.oldestKeptVersion).toBe(commits);
    expect(new Set(cleaned.files.map((file) => file.version))).toEqual(new Set(Array.from({ length: commits }, (_, version) => version)));
    const afterCleanup = await DeltaTable.open(backend.reopen(), { duckdb: await session(), cacheDirectory: cache.path });
    expect(afterCleanup.snapshot().version).toBe(commits);
    expect(await afterCleanup.duckdb.rows(`SELECT count(*) AS total FROM (${(await afterCleanup.scan()).sql})`)).toEqual([{ total: rows }]);
    await expect(afterCleanup.snapshotAt({ version: commits - 1 })).rejects.toThrow(VersionNotFoundError);
  });
});
