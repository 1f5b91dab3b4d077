import { readdir, readFile, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { InvalidTableDefinitionError } from './create-table';
import { ReadOnlySnapshotError, SchemaMismatchError, TableAlreadyExistsError, TxnVersionMismatchError, VersionNotFoundError } from './delta-errors';
import type { StructType } from './delta-schema';
import { DeltaTable } from './delta-table';
import { parseFileStats } from './file-stats';
import type { Snapshot } from './snapshot';
import { tableTestSetup } from './test-helpers/table-test-setup';

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'long', nullable: false, metadata: {} },
    { name: 'track', type: 'string', nullable: true, metadata: {} },
    { name: 'seconds', type: 'integer', nullable: true, metadata: {} },
    { name: 'score', type: 'double', nullable: true, metadata: {} },
    { name: 'liked', type: 'boolean', nullable: true, metadata: {} },
    { name: 'played_at', type: 'timestamp', nullable: true, metadata: {} },
    { name: 'day', type: 'date', nullable: true, metadata: {} },
    { name: 'country', type: 'string', nullable: true, metadata: {} },
  ],
};

const setup = tableTestSetup('table');

function createTable(options: { checkpointInterval?: number; properties?: Record<string, string> } = {}): Promise<DeltaTable> {
  return DeltaTable.create(
    setup.store(),
    { schema: SCHEMA, partitionColumns: ['day', 'country'], ...(options.properties ? { properties: options.properties } : {}) },
    { duckdb: setup.duckdb, ...(options.checkpointInterval ? { checkpointInterval: options.checkpointInterval } : {}) },
  );
}

async function logFiles(): Promise<string[]> {
  return (await readdir(join(setup.directory.path, '_delta_log'))).sort();
}

async function dataFiles(): Promise<string[]> {
  const entries = await readdir(setup.directory.path, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.parquet') && !entry.parentPath.includes('_delta_log')).map((entry) => entry.name);
}

async function rows(table: DeltaTable, columns = '*', order = 'id'): Promise<Record<string, unknown>[]> {
  return setup.duckdb.rows(`SELECT ${columns} FROM (${(await table.scan()).sql}) ORDER BY ${order}`);
}

describe('DeltaTable.create', () => {
  it('writes commit 0 with protocol 1/2, the schema, partition columns and properties', async () => {
    const table = await createTable({ properties: { 'delta.appendOnly': 'true', owner: 'ingest' } });
    const snapshot = table.snapshot();
    expect(snapshot.version).toBe(0);
    expect(snapshot.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2 });
    expect(snapshot.schema).toEqual(SCHEMA);
    expect(snapshot.partitionColumns).toEqual(['day', 'country']);
    expect(snapshot.configuration).toEqual({ 'delta.appendOnly': 'true', owner: 'ingest' });
    const lines = (await readFile(join(setup.directory.path, '_delta_log', '00000000000000000000.json'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => Object.keys(JSON.parse(line))[0])).toEqual(['commitInfo', 'protocol', 'metaData']);
  });

  it('refuses to create a table where one exists', async () => {
    await createTable();
    await expect(createTable()).rejects.toBeInstanceOf(TableAlreadyExistsError);
  });

  it.each([
    [{ schema: SCHEMA, partitionColumns: ['missing'] }, /partition column missing is not in the schema/],
    [{ schema: SCHEMA, properties: { 'delta.enableDeletionVectors': 'true' } }, /delta.enableDeletionVectors/],
    [{ schema: { type: 'struct', fields: [{ name: 'd', type: 'decimal(10,2)', nullable: true, metadata: {} }] } as StructType }, /cannot produce/],
    [{ schema: { type: 'struct', fields: [{ name: 'a', type: 'long', nullable: true, metadata: {} }, { name: 'A', type: 'long', nullable: true, metadata: {} }] } as StructType }, /duplicate column name/],
  ])('rejects an invalid definition %#', async (definition, message) => {
    const error = await DeltaTable.create(setup.store(), definition, { duckdb: setup.duckdb }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidTableDefinitionError);
    expect((error as Error).message).toMatch(message);
    await expect(readdir(join(setup.directory.path, '_delta_log'))).rejects.toThrow();
  });
});

describe('DeltaTable.append', () => {
  it('writes rows that read back exactly, with partition values from the log', async () => {
    const table = await createTable();
    const result = await table.append([
      { id: 1n, track: 'intro', seconds: 30, score: 0.5, liked: true, played_at: '2024-03-01T10:00:00.123456Z', day: '2024-03-01', country: 'FR' },
      { id: 2, track: null, seconds: null, score: null, liked: false, played_at: new Date('2024-03-01T23:59:59.999Z'), day: new Date('2024-03-01T00:00:00Z'), country: 'FR' },
      { id: 3, day: null, country: null },
    ]);
    expect(result).toMatchObject({ status: 'committed', version: 1, rows: 3, attempts: 1 });
    const read = await rows(table, `id, track, seconds, score, liked, epoch_us(played_at) AS us, strftime(day, '%Y-%m-%d') AS day, country`);
    expect(read).toEqual([
      { id: 1n, track: 'intro', seconds: 30, score: 0.5, liked: true, us: 1_709_287_200_123_456n, day: '2024-03-01', country: 'FR' },
      { id: 2n, track: null, seconds: null, score: null, liked: false, us: 1_709_337_599_999_000n, day: '2024-03-01', country: 'FR' },
      { id: 3n, track: null, seconds: null, score: null, liked: null, us: null, day: null, country: null },
    ]);
    const reopened = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    expect(await rows(reopened, 'id')).toEqual([{ id: 1n }, { id: 2n }, { id: 3n }]);
  });

  it('writes one file per partition in Hive-style directories, with URI-encoded paths and stats', async () => {
    const table = await createTable();
    await table.append([
      { id: 1, track: 'a', day: '2024-03-01', country: 'a/b:c d%' },
      { id: 2, track: 'b', day: '2024-03-01', country: 'a/b:c d%' },
      { id: 3, track: 'c', day: '2024-03-02', country: null },
    ]);
    const files = table.snapshot().files;
    const paths = files.map((file) => file.add.path.replace(/part-.*$/, '')).sort();
    expect(paths).toEqual(['day=2024-03-01/country=a%252Fb%253Ac%20d%2525/', 'day=2024-03-02/country=__HIVE_DEFAULT_PARTITION__/']);
    const special = files.find((file) => file.add.partitionValues['country'] === 'a/b:c d%');
    expect(special?.location).toMatchObject({ kind: 'table', key: expect.stringMatching(/^day=2024-03-01\/country=a%2Fb%3Ac d%25\/part-/) });
    expect(special?.stats).toMatchObject({ numRecords: 2, minValues: { id: 1n, track: 'a' }, maxValues: { id: 2n, track: 'b' }, nullCount: { id: 0, track: 0 } });
    const nullPartition = files.find((file) => file.add.partitionValues['country'] === null);
    expect(nullPartition?.partitionValues).toEqual({ day: 19_784, country: null });
  });

  it('bounds truncated strings and sub-millisecond timestamps in the statistics', async () => {
    const table = await createTable();
    const long = 'x'.repeat(40);
    await table.append([{ id: 1, track: long, played_at: '2024-03-01T10:00:00.000500Z', day: '2024-03-01', country: 'FR' }]);
    const add = table.snapshot().files[0]?.add;
    const stats = JSON.parse(add?.stats ?? '{}');
    expect(stats.minValues.track).toBe('x'.repeat(32));
    expect(stats.maxValues.track).toBe('x'.repeat(32) + String.fromCodePoint(0x10ffff));
    expect(stats.minValues.played_at).toBe('2024-03-01T10:00:00.000Z');
    expect(stats.maxValues.played_at).toBe('2024-03-01T10:00:00.001Z');
    expect(parseFileStats(add?.stats ?? '', SCHEMA)?.maxValues['played_at']).toBe(1_709_287_200_001_000n);
  });

  it('refuses rows that do not match the schema and leaves the table unchanged', async () => {
    const table = await createTable();
    const bad = [
      { id: 1, seconds: 'thirty', day: '2024-03-01' },
      { id: null, day: '2024-03-01' },
      { id: 3, unknown: true },
      { id: 4, played_at: '2024-03-01 10:00:00' },
    ];
    const error = await table.append(bad).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SchemaMismatchError);
    const message = (error as Error).message;
    expect(message).toContain('row 0, column seconds: expected an integer');
    expect(message).toContain('row 1, column id: null in a non-nullable column');
    expect(message).toContain('row 2, column unknown: not a column of the table');
    expect(message).toContain('row 3, column played_at: expected a Date or an ISO 8601 string with a zone');
    expect(await table.refresh()).toMatchObject({ version: 0 });
    expect(await logFiles()).toEqual(['00000000000000000000.json']);
    expect(await dataFiles()).toEqual([]);
  });

  it('commits the txn with the data and skips a batch the table already has', async () => {
    const table = await createTable();
    const first = await table.append([{ id: 1 }], { txn: { appId: 'ingest-0', version: 7 } });
    expect(first).toMatchObject({ status: 'committed', version: 1 });
    expect(table.snapshot().txns.get('ingest-0')).toMatchObject({ appId: 'ingest-0', version: 7 });
    const commit = await readFile(join(setup.directory.path, '_delta_log', '00000000000000000001.json'), 'utf8');
    expect(commit).toContain('{"txn":{"appId":"ingest-0","version":7');
    for (const version of [7, 6]) {
      const again = await table.append([{ id: 2 }], { txn: { appId: 'ingest-0', version } });
      expect(again).toEqual({ status: 'skipped', reason: 'txn-already-applied', txns: [{ appId: 'ingest-0', version: 7 }] });
    }
    const other = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const replay = await other.append([{ id: 2 }], { txn: { appId: 'ingest-0', version: 7 } });
    expect(replay).toMatchObject({ status: 'skipped', txns: [{ appId: 'ingest-0', version: 7 }] });
    expect(await logFiles()).toEqual(['00000000000000000000.json', '00000000000000000001.json']);
    expect(await rows(other, 'id')).toEqual([{ id: 1n }]);
  });

  it('commits several txns at once, compare-and-set on expectedVersion', async () => {
    const table = await createTable();
    const first = await table.append([{ id: 1 }], {
      txns: [
        { appId: 'p0', version: 10, expectedVersion: -1 },
        { appId: 'p1', version: 20, expectedVersion: -1 },
      ],
    });
    expect(first).toMatchObject({ status: 'committed', version: 1 });
    expect(Object.fromEntries([...table.snapshot().txns].map(([appId, txn]) => [appId, txn.version]))).toEqual({ p0: 10, p1: 20 });
    const stale = await table.append([{ id: 2 }], { txns: [{ appId: 'p0', version: 12, expectedVersion: -1 }] }).catch((caught: unknown) => caught);
    expect(stale).toBeInstanceOf(TxnVersionMismatchError);
    expect(stale).toMatchObject({ appId: 'p0', expected: -1, actual: 10 });
    expect(await logFiles()).toHaveLength(2);
    expect(await dataFiles()).toHaveLength(1);
    expect(await table.append([{ id: 2 }], { txns: [{ appId: 'p0', version: 12, expectedVersion: 10 }] })).toMatchObject({ status: 'committed', version: 2 });
    await expect(table.append([{ id: 3 }], { txns: [{ appId: 'p0', version: 13 }, { appId: 'p0', version: 14 }] })).rejects.toThrow(/appears twice/);
    await expect(table.append([{ id: 3 }], { txns: [{ appId: 'p0', version: 12 }, { appId: 'p2', version: 1 }] })).rejects.toThrow(
      /transactions p0 are already committed, the others of this batch are not/,
    );
  });

  it('records an empty batch with a txn, and does nothing for an empty batch without one', async () => {
    const table = await createTable();
    expect(await table.append([])).toEqual({ status: 'skipped', reason: 'no-rows' });
    expect(await table.append([], { txn: { appId: 'ingest-0', version: 1 } })).toMatchObject({ status: 'committed', version: 1, rows: 0, files: [] });
    expect(table.snapshot().txns.get('ingest-0')?.version).toBe(1);
  });

  it('accepts an Arrow table', async () => {
    const table = await createTable();
    const arrow = tableFromArrays({ id: BigInt64Array.from([10n, 11n]), track: ['x', 'y'], country: ['FR', 'DE'] });
    expect(await table.append(arrow)).toMatchObject({ status: 'committed', rows: 2 });
    expect(await rows(table, 'id, track, country')).toEqual([
      { id: 10n, track: 'x', country: 'FR' },
      { id: 11n, track: 'y', country: 'DE' },
    ]);
  });

  it('writes a checkpoint every N commits that readers use', async () => {
    const table = await createTable({ checkpointInterval: 3 });
    const outcomes = [];
    let replayedAtThree: Snapshot | undefined;
    for (let batch = 1; batch <= 4; batch++) {
      outcomes.push(await table.append([{ id: batch, day: `2024-03-0${batch}`, country: 'FR' }], { txn: { appId: 'ingest', version: batch } }));
      if (batch === 3) replayedAtThree = table.snapshot();
    }
    expect(outcomes.map((outcome) => ('checkpoint' in outcome ? outcome.checkpoint?.status : undefined))).toEqual([undefined, undefined, 'written', undefined]);
    expect(await logFiles()).toContain('00000000000000000003.checkpoint.parquet');
    const lastCheckpoint = JSON.parse(await readFile(join(setup.directory.path, '_delta_log', '_last_checkpoint'), 'utf8'));
    expect(lastCheckpoint).toMatchObject({ version: 3, size: 6, numOfAddFiles: 3 });
    // Without the commits it covers, the table can only be read through the checkpoint.
    for (const version of [0, 1, 2]) await rm(join(setup.directory.path, '_delta_log', `0000000000000000000${version}.json`));
    const atThree = (await DeltaTable.open(setup.store(), { duckdb: setup.duckdb, version: 3 })).snapshot();
    const summary = (snapshot: Snapshot) =>
      snapshot.files.map((file) => ({ path: file.add.path, size: file.add.size, partitionValues: file.partitionValues, stats: file.stats })).sort((a, b) => a.path.localeCompare(b.path));
    expect(summary(atThree)).toEqual(summary(replayedAtThree as Snapshot));
    expect(atThree.txns.get('ingest')?.version).toBe(3);
    expect(atThree.metadata).toEqual(replayedAtThree?.metadata);
    const latest = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    expect(await rows(latest, 'id')).toEqual([{ id: 1n }, { id: 2n }, { id: 3n }, { id: 4n }]);
  });
});

describe('DeltaTable.scan', () => {
  it('prunes partitions, skips files by statistics and still filters rows exactly', async () => {
    const table = await createTable();
    await table.append([
      { id: 1, seconds: 10, day: '2024-03-01', country: 'FR' },
      { id: 2, seconds: 20, day: '2024-03-01', country: 'FR' },
      { id: 3, seconds: 30, day: '2024-03-02', country: 'FR' },
    ]);
    await table.append([{ id: 4, seconds: 500, day: '2024-03-01', country: 'FR' }]);
    const plan = await table.scan({
      columns: ['id'],
      filter: [
        { column: 'day', op: '=', value: '2024-03-01' },
        { column: 'seconds', op: '>=', value: 15 },
        { column: 'seconds', op: '<', value: 100 },
      ],
    });
    expect(plan.files).toHaveLength(1);
    expect(plan.skippedFiles).toBe(2);
    expect(plan.columns.map((field) => field.name)).toEqual(['id']);
    expect(await setup.duckdb.rows(plan.sql)).toEqual([{ id: 2n }]);
    const nothing = await table.scan({ filter: [{ column: 'country', op: '=', value: 'DE' }] });
    expect(nothing.files).toHaveLength(0);
    expect(await setup.duckdb.rows(nothing.sql)).toEqual([]);
  });
});

describe('time travel', () => {
  it('opens a version or a timestamp read-only, using commit file times', async () => {
    const table = await createTable();
    await table.append([{ id: 1 }]);
    await table.append([{ id: 2 }]);
    const times = [1_700_000_000_000, 1_700_000_100_000, 1_700_000_200_000];
    for (const [version, time] of times.entries()) {
      await utimes(join(setup.directory.path, '_delta_log', `0000000000000000000${version}.json`), time / 1000, time / 1000);
    }
    const store = setup.store();
    const atOne = await DeltaTable.open(store, { duckdb: setup.duckdb, version: 1 });
    expect(await rows(atOne, 'id')).toEqual([{ id: 1n }]);
    expect((await DeltaTable.open(store, { duckdb: setup.duckdb, timestamp: new Date(1_700_000_150_000) })).snapshot().version).toBe(1);
    expect((await DeltaTable.open(store, { duckdb: setup.duckdb, timestamp: 1_700_000_200_000 })).snapshot().version).toBe(2);
    expect((await DeltaTable.open(store, { duckdb: setup.duckdb, timestamp: 1_800_000_000_000 })).snapshot().version).toBe(2);
    expect(atOne.snapshot().timestamp).toBe(1_700_000_100_000);
    await expect(DeltaTable.open(store, { duckdb: setup.duckdb, timestamp: 1_600_000_000_000 })).rejects.toBeInstanceOf(VersionNotFoundError);
    await expect(atOne.append([{ id: 3 }])).rejects.toBeInstanceOf(ReadOnlySnapshotError);
  });

  it('sees commits made by another instance after refresh()', async () => {
    const writer = await createTable();
    const reader = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    await writer.append([{ id: 1 }]);
    expect(reader.snapshot().version).toBe(0);
    expect((await reader.refresh()).version).toBe(1);
    expect(await rows(reader, 'id')).toEqual([{ id: 1n }]);
  });

  it('refresh() and open() find the commits by HEAD requests, without listing the log', async () => {
    await createTable();
    const calls: string[] = [];
    const inner = setup.store();
    const counting = new Proxy(inner, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${String(property)} ${String(args[0])}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const reader = await DeltaTable.open(counting, { duckdb: setup.duckdb });
    calls.length = 0;
    expect((await reader.refresh()).version).toBe(0);
    // The hint tells whether the next commit is missing because the log went on without it (cleaned up).
    expect(calls).toEqual(['head _delta_log/00000000000000000001.json', 'get _delta_log/_last_checkpoint']);
    const writer = await DeltaTable.open(inner, { duckdb: setup.duckdb, checkpointInterval: 3 });
    await writer.append([{ id: 1 }]);
    await writer.append([{ id: 2 }]);
    calls.length = 0;
    expect((await reader.refresh()).version).toBe(2);
    expect(calls.slice(0, 2)).toEqual(['head _delta_log/00000000000000000001.json', 'head _delta_log/00000000000000000002.json']);
    expect(calls.filter((call) => !call.startsWith('head') && !call.startsWith('get'))).toEqual([]);
    // Open: the checkpoint `_last_checkpoint` names (version 3), then the commits after it.
    await writer.append([{ id: 3 }]);
    await writer.append([{ id: 4 }]);
    calls.length = 0;
    const opened = await DeltaTable.open(counting, { duckdb: setup.duckdb });
    expect(opened.snapshot().version).toBe(4);
    expect(calls.filter((call) => call.startsWith('list'))).toEqual([]);
    expect(calls).toEqual(expect.arrayContaining(['get _delta_log/_last_checkpoint', 'head _delta_log/00000000000000000003.checkpoint.parquet', 'head _delta_log/00000000000000000004.json']));
    expect(await rows(opened, 'id')).toEqual([{ id: 1n }, { id: 2n }, { id: 3n }, { id: 4n }]);
  });
});
