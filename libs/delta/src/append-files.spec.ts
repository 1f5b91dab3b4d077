import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SchemaMismatchError, TxnVersionMismatchError } from './delta-errors';
import type { StructType } from './delta-schema';
import { DeltaTable } from './delta-table';
import { parseFileStats, type ColumnStatistics } from './file-stats';
import type { PreparedDataFile } from './prepared-files';
import { commitActions, createEventsTable, dataFilesOnDisk, rowMultiset, withCompetitor } from './test-helpers/table-fixture';
import { tableTestSetup } from './test-helpers/table-test-setup';
import { temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

const setup = tableTestSetup('append-files');
/** Where the encoder's files are written, outside the tables. */
let sources: TemporaryDirectory;

beforeAll(async () => {
  sources = await temporaryDirectory('append-files-sources');
});

afterAll(async () => {
  await sources?.remove();
});

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'long', nullable: false, metadata: {} },
    { name: 'track', type: 'string', nullable: true, metadata: {} },
    { name: 'seconds', type: 'integer', nullable: true, metadata: {} },
    { name: 'score', type: 'double', nullable: true, metadata: {} },
    { name: 'played_at', type: 'timestamp', nullable: true, metadata: {} },
  ],
};

const ROWS_SQL = `SELECT * FROM (VALUES
  (1::BIGINT, 'intro', 30::INTEGER, 1.5::DOUBLE, TIMESTAMPTZ '2024-03-01 10:00:00.123456+00'),
  (2, NULL, 240, -7.25, TIMESTAMPTZ '2024-03-02 00:00:00+00'),
  (3, 'zebra', NULL, NULL, NULL)) t(id, track, seconds, score, played_at)`;

let fileCount = 0;

/**
 * A Parquet file written by DuckDB from `sql` (the data columns), read back into memory, with the
 * statistics DuckDB's RETURN_STATS reports for it: what an encoder hands to appendFiles.
 */
async function preparedFile(
  sql: string,
  partitionValues: Record<string, string | null> = {},
  codec = 'snappy',
): Promise<PreparedDataFile> {
  const path = join(sources.path, `source-${fileCount++}.parquet`);
  const [reported] = await setup.duckdb.rows(`COPY (${sql}) TO '${path}' (FORMAT parquet, COMPRESSION ${codec}, RETURN_STATS)`);
  const statistics = new Map<string, ColumnStatistics>();
  for (const column of reported?.['column_statistics'] as { key: string; value: { key: string; value: unknown }[] }[]) {
    statistics.set(column.key.replace(/^"(.*)"$/, '$1'), new Map(column.value.map((entry) => [entry.key, String(entry.value)])));
  }
  const body = new Uint8Array(await readFile(path));
  return { partitionValues, body, rows: Number(reported?.['count']), statistics, codec };
}

function createTable(properties: Record<string, string> = {}): Promise<DeltaTable> {
  return DeltaTable.create(setup.store(), { schema: SCHEMA, partitionColumns: [], properties }, { duckdb: setup.duckdb, checkpointInterval: 1000 });
}

/** Rows of the table minus the rows of `sql` and the other way round (multisets): both 0 when equal. */
async function difference(table: DeltaTable, sql: string): Promise<Record<string, unknown> | undefined> {
  const scan = (await table.scan()).sql;
  const [counts] = await setup.duckdb.rows(`SELECT
    (SELECT count(*) FROM (${sql} EXCEPT ALL SELECT * FROM (${scan}))) AS missing,
    (SELECT count(*) FROM (SELECT * FROM (${scan}) EXCEPT ALL ${sql})) AS extra`);
  return counts;
}

function eventsFile(day: string, values: string): Promise<PreparedDataFile> {
  return preparedFile(`SELECT * FROM (VALUES ${values}) t(user_id, track, seconds)`, { day });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('DeltaTable.appendFiles', () => {
  it('commits prepared Parquet files as they are, with add statistics from the statistics they come with', async () => {
    const table = await createTable();
    const file = await preparedFile(ROWS_SQL);
    const result = await table.appendFiles([file]);

    expect(result).toMatchObject({ status: 'committed', version: 1, rows: 3, attempts: 1, addedColumns: [] });
    expect(await difference(table, ROWS_SQL)).toEqual({ missing: 0n, extra: 0n });
    const [add] = table.snapshot().files.map((live) => live.add);
    expect(add?.path).toMatch(/^part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/);
    expect(add).toMatchObject({ partitionValues: {}, size: file.body.byteLength, dataChange: true });
    expect(new Uint8Array(await readFile(join(setup.directory.path, add?.path as string)))).toEqual(file.body);
    expect(parseFileStats(add?.stats as string, SCHEMA)).toEqual({
      numRecords: 3,
      tightBounds: undefined,
      minValues: { id: 1n, track: 'intro', seconds: 30, score: -7.25, played_at: 1709287200123000n },
      // Timestamps carry milliseconds: the max is rounded up.
      maxValues: { id: 3n, track: 'zebra', seconds: 240, score: 1.5, played_at: 1709337600000000n },
      nullCount: { id: 0, track: 1, seconds: 1, score: 1, played_at: 1 },
    });

    const commitInfo = (await commitActions(setup.directory.path, 1))[0]?.['commitInfo'];
    expect(commitInfo).toMatchObject({
      operation: 'WRITE',
      operationParameters: { mode: 'Append', partitionBy: '[]' },
      operationMetrics: { numFiles: '1', numOutputRows: '3', numOutputBytes: String(file.body.byteLength) },
      isBlindAppend: true,
    });
  });

  it('writes statistics only for the columns the table indexes', async () => {
    const table = await createTable({ 'delta.dataSkippingStatsColumns': 'seconds,track' });
    await table.appendFiles([await preparedFile(ROWS_SQL, {}, 'uncompressed')]);
    const [add] = table.snapshot().files.map((live) => live.add);
    expect(add?.path).toMatch(/^part-00000-[0-9a-f-]{36}-c000\.uncompressed\.parquet$/);
    expect(JSON.parse(add?.stats as string)).toEqual({
      numRecords: 3,
      minValues: { track: 'intro', seconds: 30 },
      maxValues: { track: 'zebra', seconds: 240 },
      nullCount: { track: 1, seconds: 1 },
    });
  });

  it('puts each file of a partitioned table in its Hive-style partition directory', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    const first = await eventsFile('2024-03-01', `('u1', 'a', 10), ('u2', NULL, NULL)`);
    const second = await eventsFile('2024-03-02', `('u3', 'b', 20)`);
    const result = await table.appendFiles([first, second]);

    expect(result).toMatchObject({ status: 'committed', version: 1, rows: 3 });
    expect(await rowMultiset(table)).toEqual(['u1|a|10|2024-03-01', 'u2|∅|∅|2024-03-01', 'u3|b|20|2024-03-02']);
    const files = await dataFilesOnDisk(setup.directory.path);
    expect(files).toEqual([
      expect.stringMatching(/^day=2024-03-01\/part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/),
      expect.stringMatching(/^day=2024-03-02\/part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/),
    ]);
    const adds = table.snapshot().files.map((live) => live.add).sort((a, b) => a.path.localeCompare(b.path));
    expect(adds.map((add) => add.partitionValues)).toEqual([{ day: '2024-03-01' }, { day: '2024-03-02' }]);
    expect(adds.map((add) => JSON.parse(add.stats as string))).toEqual([
      { numRecords: 2, minValues: { user_id: 'u1', track: 'a', seconds: 10 }, maxValues: { user_id: 'u2', track: 'a', seconds: 10 }, nullCount: { user_id: 0, track: 1, seconds: 1 } },
      { numRecords: 1, minValues: { user_id: 'u3', track: 'b', seconds: 20 }, maxValues: { user_id: 'u3', track: 'b', seconds: 20 }, nullCount: { user_id: 0, track: 0, seconds: 0 } },
    ]);
    // The statistics skip files: only the second one can hold seconds > 15.
    const scan = await table.scan({ filter: [{ column: 'seconds', op: '>', value: 15 }] });
    expect(scan.files.map((live) => live.add.partitionValues)).toEqual([{ day: '2024-03-02' }]);
  });

  it('writes partition values in canonical form, a null one under __HIVE_DEFAULT_PARTITION__', async () => {
    const schema: StructType = {
      type: 'struct',
      fields: [
        { name: 'x', type: 'double', nullable: true, metadata: {} },
        { name: 'country', type: 'string', nullable: true, metadata: {} },
        { name: 'n', type: 'long', nullable: true, metadata: {} },
        { name: 'at', type: 'timestamp', nullable: true, metadata: {} },
      ],
    };
    const table = await DeltaTable.create(setup.store(), { schema, partitionColumns: ['country', 'n', 'at'] }, { duckdb: setup.duckdb });
    const file = await preparedFile('SELECT 2.5::DOUBLE AS x', { at: '2024-03-01 10:00:00', n: '+007', country: '' });
    await table.appendFiles([file]);
    const [add] = table.snapshot().files.map((live) => live.add);
    expect(add?.partitionValues).toEqual({ country: null, n: '7', at: '2024-03-01T10:00:00.000000Z' });
    expect(add?.path).toMatch(/^country=__HIVE_DEFAULT_PARTITION__\/n=7\/at=2024-03-01T10%253A00%253A00\.000000Z\/part-/);
    const [row] = await setup.duckdb.rows(`SELECT x, country, n, epoch_us("at") AS micros FROM (${(await table.scan()).sql})`);
    expect(row).toEqual({ x: 2.5, country: null, n: 7n, micros: 1709287200000000n });
  });

  it('skips a batch whose txns the table already has, uploading nothing', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    const files = [await eventsFile('2024-03-01', `('u1', 'a', 10)`)];
    const txns = [{ appId: 'encoder', version: 7 }, { appId: 'other', version: 2 }];
    expect(await table.appendFiles(files, { txns })).toMatchObject({ status: 'committed', version: 1 });
    const before = await dataFilesOnDisk(setup.directory.path);

    expect(await table.appendFiles(files, { txns })).toEqual({
      status: 'skipped',
      reason: 'txn-already-applied',
      txns: [{ appId: 'encoder', version: 7 }, { appId: 'other', version: 2 }],
    });
    expect(await dataFilesOnDisk(setup.directory.path)).toEqual(before);
    expect(table.snapshot().version).toBe(1);
    expect(await rowMultiset(table)).toEqual(['u1|a|10|2024-03-01']);
  });

  it('refuses a txn compare-and-set mismatch before uploading, and deletes the files when it is lost at commit time', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    const files = [await eventsFile('2024-03-01', `('u1', 'a', 10)`)];
    await table.appendFiles(files, { txn: { appId: 'encoder', version: 1, expectedVersion: -1 } });
    const before = await dataFilesOnDisk(setup.directory.path);

    const stale = await rejection(table.appendFiles(files, { txn: { appId: 'encoder', version: 2, expectedVersion: 0 } }));
    expect(stale).toBeInstanceOf(TxnVersionMismatchError);
    expect(await dataFilesOnDisk(setup.directory.path)).toEqual(before);

    // Another writer moves the txn on between this writer's upload and its commit.
    const competitor = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    let uploaded: string[] = [];
    const raced = await DeltaTable.open(
      withCompetitor(setup.store(), async () => {
        uploaded = await dataFilesOnDisk(setup.directory.path);
        await competitor.append([], { txn: { appId: 'encoder', version: 2, expectedVersion: 1 } });
      }),
      { duckdb: setup.duckdb },
    );
    const lost = await rejection(raced.appendFiles(files, { txn: { appId: 'encoder', version: 2, expectedVersion: 1 } }));
    expect(lost).toBeInstanceOf(TxnVersionMismatchError);
    expect(uploaded).toHaveLength(before.length + 1);
    expect(await dataFilesOnDisk(setup.directory.path)).toEqual(before);
    expect((await table.refresh()).txns.get('encoder')?.version).toBe(2);
    expect(await rowMultiset(table)).toEqual(['u1|a|10|2024-03-01']);
  });

  it('refuses nulls in non-nullable columns and wrong partition columns before uploading anything', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    const good = await eventsFile('2024-03-01', `('u1', 'a', 10)`);
    const nullUser = await eventsFile('2024-03-02', `('u2', 'b', 20), (NULL, 'c', 30)`);
    const attempts: [PreparedDataFile[], string][] = [
      [[good, nullUser], 'file 1: column user_id (string, not nullable) has 1 null value'],
      [[{ ...good, partitionValues: {} }], 'file 0: partition column day is missing from partitionValues'],
      [[{ ...good, partitionValues: { day: '2024-03-01', country: 'FR' } }], "file 0: country is not a partition column (the table's are day)"],
      [[{ ...good, partitionValues: { day: null } }], 'file 0: partition column day (date, not nullable) has a null value'],
      [[{ ...good, partitionValues: { day: '' } }], 'file 0: partition column day (date, not nullable) has a null value (an empty string is a null partition value)'],
      [[{ ...good, partitionValues: { day: 'yesterday' } }], 'file 0: partition column day: "yesterday" is not a valid date value'],
      [[await preparedFile(`SELECT 'u1' AS user_id, 'a' AS track, 10 AS seconds, DATE '2024-03-01' AS day`, { day: '2024-03-01' })], 'file 0: statistics for partition column day'],
      [[{ ...good, statistics: new Map([...good.statistics].filter(([column]) => column !== 'seconds')) }], 'file 0: column seconds has no null_count statistic'],
      [[{ ...good, rows: 0 }], 'file 0: rows must be a positive integer, got 0'],
      [[{ ...good, rows: 1.5 }], 'file 0: rows must be a positive integer, got 1.5'],
      [[{ ...good, body: new TextEncoder().encode('not parquet') }], 'file 0: body is not a Parquet file'],
    ];
    for (const [files, message] of attempts) {
      const error = await rejection(table.appendFiles(files));
      expect(error).toBeInstanceOf(SchemaMismatchError);
      expect(error.message).toContain(message);
    }
    expect(await dataFilesOnDisk(setup.directory.path)).toEqual([]);
    expect((await table.refresh()).version).toBe(0);
  });

  it('commits nothing without files unless txns ask for it', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    expect(await table.appendFiles([])).toEqual({ status: 'skipped', reason: 'no-rows' });
    expect(await table.appendFiles([], { txn: { appId: 'encoder', version: 3 } })).toMatchObject({ status: 'committed', version: 1, rows: 0, files: [] });
    expect(table.snapshot().txns.get('encoder')?.version).toBe(3);
    await expect(table.appendFiles([], { mergeSchema: true } as never)).rejects.toThrow(TypeError);
  });
});
