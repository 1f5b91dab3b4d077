import { cp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sparkReferee, type SparkPlanStep, type SparkReferee, type SparkTableRead } from '@music/test-support';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { BASE_COLUMNS, COLUMNS, EVOLVED_COLUMNS, makeRows, multiset, ourRows, PARTITION_COLUMNS, SCHEMA, type Row } from './test-helpers/interop-table';
import { localStore, temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

/**
 * Interop with Delta Lake on Apache Spark (PyPI pyspark + delta-spark 4.0, the protocol's
 * reference implementation), on local disk: Spark reads every version of a table this library
 * wrote, and a copy of it after our expired log cleanup; this library reads every version of a
 * table Spark wrote (its checkpoint, `.crc` files, DELETE, UPDATE, OPTIMIZE) and appends to it,
 * and Spark reads that append. Starting Spark takes seconds, so each call runs a whole plan.
 */

jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..', '..');

const SPARK_TYPES: Record<string, string> = { long: 'BIGINT', integer: 'INT', short: 'SMALLINT', byte: 'TINYINT', double: 'DOUBLE', float: 'FLOAT', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP', date: 'DATE', string: 'STRING' };

function sparkRows(read: SparkTableRead, version: number, columns: readonly string[]): string[] {
  const found = read.versions.find((candidate) => candidate.version === version);
  if (!found) throw new Error(`Spark did not read version ${version} of ${read.path}`);
  return multiset(found.rows, columns);
}

let referee: SparkReferee;
let duckdb: DuckDBSession;
let directory: TemporaryDirectory;

beforeAll(async () => {
  referee = await sparkReferee({ cacheDir: join(ROOT, '.cache'), env: process.env });
  duckdb = await DuckDBSession.create();
});

afterAll(async () => {
  await duckdb?.close();
});

beforeEach(async () => {
  directory = await temporaryDirectory('spark-interop');
});

afterEach(async () => {
  await directory.remove();
});

describe('Delta Spark interop on local disk', () => {
  it('Spark reads every version we write (checkpoints, overwrite, DELETE, OPTIMIZE, mergeSchema), and what our log cleanup keeps', async () => {
    const path = join(directory.path, 'ours');
    const table = await DeltaTable.create(localStore(path), { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS, properties: { 'delta.checkpointInterval': '3' } }, { duckdb });
    const model: Row[][] = [[]];
    const commit = (rows: Row[]) => model.push(rows);
    const latest = () => model.at(-1) as Row[];
    for (const batch of [makeRows(0, 12), makeRows(12, 9), makeRows(21, 9)]) {
      await table.append(batch);
      commit([...latest(), ...batch]);
    }
    const replacement = makeRows(100, 9).filter((row) => row['day'] === '2024-03-01');
    await table.overwrite(replacement, { replaceWhere: [{ column: 'day', op: '=', value: '2024-03-01' }] });
    commit([...latest().filter((row) => row['day'] !== '2024-03-01'), ...replacement]);
    await table.delete([{ column: 'user_id', op: '=', value: 'u1' }]);
    commit(latest().filter((row) => row['user_id'] !== 'u1'));
    await table.optimize();
    commit([...latest()]);
    const evolved = makeRows(200, 4).map((row, index) => ({ ...row, genre: index % 2 === 0 ? 'jazz' : null }));
    expect(await table.append(evolved, { mergeSchema: true })).toMatchObject({ status: 'committed', version: 7 });
    commit([...latest().map((row) => ({ ...row, genre: null })), ...evolved]);
    await table.close();
    // A copy whose log we clean with retention 0: only the latest checkpoint (6) and what follows stay.
    const cleanedPath = join(directory.path, 'cleaned');
    await cp(path, cleanedPath, { recursive: true });
    const cleanedTable = await DeltaTable.open(localStore(cleanedPath), { duckdb });
    expect((await cleanedTable.cleanupLog({ retentionHours: 0 })).oldestKeptVersion).toBe(6);
    await cleanedTable.close();

    const [ours, cleaned] = await referee.run({ reads: [{ path }, { path: cleanedPath, first: 6, probe: [5] }] });

    expect(ours?.protocol).toEqual({ min_reader_version: 1, min_writer_version: 2 });
    expect(ours?.versions.map((version) => version.version)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (let version = 0; version <= 7; version++) {
      const columns = version === 7 ? EVOLVED_COLUMNS : BASE_COLUMNS;
      expect({ version, rows: sparkRows(ours as SparkTableRead, version, columns) }).toEqual({ version, rows: multiset(model[version] ?? [], columns) });
    }
    expect(ours?.operations).toMatchObject({ '1': 'WRITE', '5': 'DELETE', '6': 'OPTIMIZE' });
    expect(cleaned?.versions.map((version) => version.version)).toEqual([6, 7]);
    expect(sparkRows(cleaned as SparkTableRead, 7, EVOLVED_COLUMNS)).toEqual(multiset(model[7] ?? [], EVOLVED_COLUMNS));
    expect(cleaned?.probes['5']).toMatch(/version/i);
  });

  it('we read every version Spark writes (its checkpoints, .crc files, DELETE, UPDATE, OPTIMIZE), append to it, and Spark reads our append', async () => {
    const path = join(directory.path, 'theirs');
    const columns = BASE_COLUMNS;
    const create = `CREATE TABLE delta.\`${path}\` (${COLUMNS.map(([name, type]) => `${name} ${SPARK_TYPES[type] ?? type}${name === 'id' ? ' NOT NULL' : ''}`).join(', ')}) USING delta PARTITIONED BY (${PARTITION_COLUMNS.join(', ')}) TBLPROPERTIES ('delta.checkpointInterval' = '3')`;
    const model: Row[][] = [[]];
    const steps: SparkPlanStep[] = [{ sql: create }, ...Array.from({ length: 4 }, (_, batch) => ({ append: path, columns, rows: makeRows(batch * 12, 12) }))];
    for (let batch = 0; batch < 4; batch++) model.push([...(model.at(-1) ?? []), ...makeRows(batch * 12, 12)]);
    steps.push({ sql: `DELETE FROM delta.\`${path}\` WHERE user_id = 'u1'` });
    model.push((model.at(-1) ?? []).filter((row) => row['user_id'] !== 'u1'));
    steps.push({ sql: `UPDATE delta.\`${path}\` SET score = score + 1000 WHERE tiny = 0` });
    model.push((model.at(-1) ?? []).map((row) => (row['tiny'] === 0 ? { ...row, score: (row['score'] as number) + 1000 } : row)));
    steps.push({ sql: `OPTIMIZE delta.\`${path}\`` });
    model.push([...(model.at(-1) ?? [])]);

    const [theirs] = await referee.run({ steps, reads: [{ path }] });

    expect(theirs?.versions.map((version) => version.version)).toEqual(model.map((_rows, version) => version));
    expect(theirs?.operations).toMatchObject({ '0': 'CREATE TABLE', '5': 'DELETE', '6': 'UPDATE', '7': 'OPTIMIZE' });
    const log = await readdir(join(path, '_delta_log'));
    expect(log).toEqual(expect.arrayContaining(['00000000000000000003.checkpoint.parquet', '00000000000000000006.checkpoint.parquet', '_last_checkpoint', '00000000000000000007.crc']));
    const table = await DeltaTable.open(localStore(path), { duckdb });
    expect(table.snapshot().version).toBe(7);
    for (const { version } of theirs?.versions ?? []) {
      const spark = sparkRows(theirs as SparkTableRead, version, columns);
      expect({ version, rows: spark }).toEqual({ version, rows: multiset(model[version] ?? [], columns) });
      expect({ version, rows: await ourRows(table, columns, version) }).toEqual({ version, rows: spark });
    }
    const extra = makeRows(500, 6);
    expect(await table.append(extra)).toMatchObject({ status: 'committed', version: 8 });
    await table.close();

    const [after] = await referee.run({ reads: [{ path, first: 8 }] });
    expect(sparkRows(after as SparkTableRead, 8, columns)).toEqual(multiset([...(model.at(-1) ?? []), ...extra], columns));
  });
});
