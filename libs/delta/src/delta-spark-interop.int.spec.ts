import { join } from 'node:path';
import { serviceEndpoint, sparkReferee, type SparkPlanStep, type SparkReferee, type SparkTableRead } from '@music/test-support';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { hdfsTable, localTable, locationsRemovedAfterAll, minioTable, type BackendTable } from './test-helpers/int-backends';
import { BASE_COLUMNS, COLUMNS, EVOLVED_COLUMNS, makeRows, multiset, ourRows, PARTITION_COLUMNS, SCHEMA, type Row } from './test-helpers/interop-table';

/**
 * Interop with Delta Lake on Apache Spark (PyPI pyspark + delta-spark 4.0, the protocol's
 * reference implementation), on local disk, on HDFS (Spark's own Hadoop client; this library
 * through WebHDFS) and on MinIO (Hadoop's S3A client; this library through its S3 client): Spark reads every version of a table this library wrote, and a table after our
 * expired log cleanup; this library reads every version of a table Spark wrote (its checkpoints,
 * `.crc` files, DELETE, UPDATE, OPTIMIZE) and appends to it, and Spark reads that append.
 * Starting Spark takes seconds, so each call runs a whole plan.
 */

jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..', '..');

const SPARK_TYPES: Record<string, string> = { long: 'BIGINT', integer: 'INT', short: 'SMALLINT', byte: 'TINYINT', double: 'DOUBLE', float: 'FLOAT', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP', date: 'DATE', string: 'STRING' };

function sparkRows(read: SparkTableRead | undefined, version: number, columns: readonly string[]): string[] {
  const found = read?.versions.find((candidate) => candidate.version === version);
  if (!found) throw new Error(`Spark did not read version ${version} of ${read?.path ?? 'the table'}`);
  return multiset(found.rows, columns);
}

describe.each<[string, () => Promise<BackendTable>]>([
  ['local disk', () => localTable('spark-interop')],
  ['HDFS', async () => hdfsTable(await serviceEndpoint('hdfs', process.env), 'spark-interop')],
  ['MinIO (s3a://)', async () => minioTable(await serviceEndpoint('minio', process.env), 'spark-interop')],
])('Delta Spark interop on %s', (_name, openBackend) => {
  let referee: SparkReferee;
  let duckdb: DuckDBSession;
  const backend = locationsRemovedAfterAll(openBackend);

  beforeAll(async () => {
    referee = await sparkReferee({ cacheDir: join(ROOT, '.cache'), env: process.env });
    duckdb = await DuckDBSession.create();
  });

  afterAll(async () => {
    await duckdb?.close();
  });

  it('Spark reads every version we write (checkpoints, overwrite, DELETE, OPTIMIZE, mergeSchema), and what our log cleanup keeps', async () => {
    const location = await backend();
    const table = await DeltaTable.create(location.store, { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS, properties: { 'delta.checkpointInterval': '3' } }, { duckdb });
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
    // A second table whose log we clean with retention 0: only the latest checkpoint (6) and what follows stay.
    const cleanedLocation = await backend();
    const cleanedTable = await DeltaTable.create(cleanedLocation.store, { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS, properties: { 'delta.checkpointInterval': '3' } }, { duckdb });
    const cleanedModel: Row[][] = [[]];
    for (let version = 1; version <= 7; version++) {
      const rows = makeRows(version * 10, 3);
      await cleanedTable.append(rows);
      cleanedModel.push([...(cleanedModel.at(-1) ?? []), ...rows]);
    }
    expect((await cleanedTable.cleanupLog({ retentionHours: 0 })).oldestKeptVersion).toBe(6);
    await cleanedTable.close();

    const [ours, cleaned] = await referee.run({ reads: [{ path: location.sparkUri }, { path: cleanedLocation.sparkUri, first: 6, probe: [5] }] }, location.sparkEnv);

    expect(ours?.protocol).toEqual({ min_reader_version: 1, min_writer_version: 2 });
    expect(ours?.versions.map((version) => version.version)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (let version = 0; version <= 7; version++) {
      const columns = version === 7 ? EVOLVED_COLUMNS : BASE_COLUMNS;
      expect({ version, rows: sparkRows(ours, version, columns) }).toEqual({ version, rows: multiset(model[version] ?? [], columns) });
    }
    expect(ours?.operations).toMatchObject({ '1': 'WRITE', '5': 'DELETE', '6': 'OPTIMIZE' });
    expect(cleaned?.versions.map((version) => version.version)).toEqual([6, 7]);
    for (const version of [6, 7]) expect({ version, rows: sparkRows(cleaned, version, BASE_COLUMNS) }).toEqual({ version, rows: multiset(cleanedModel[version] ?? [], BASE_COLUMNS) });
    expect(cleaned?.probes['5']).toMatch(/version/i);
  });

  it('we read every version Spark writes (its checkpoints, .crc files, DELETE, UPDATE, OPTIMIZE, ALTER TABLE SET TBLPROPERTIES), append to it, and Spark reads our append', async () => {
    const location = await backend();
    const path = location.sparkUri;
    const columns = BASE_COLUMNS;
    const definition = COLUMNS.map(([name, type]) => `${name} ${SPARK_TYPES[type] ?? type}${name === 'id' ? ' NOT NULL' : ''}`).join(', ');
    const create = `CREATE TABLE delta.\`${path}\` (${definition}) USING delta PARTITIONED BY (${PARTITION_COLUMNS.join(', ')}) TBLPROPERTIES ('delta.checkpointInterval' = '3')`;
    const model: Row[][] = [[]];
    const steps: SparkPlanStep[] = [{ sql: create }, ...Array.from({ length: 4 }, (_, batch) => ({ append: path, columns, rows: makeRows(batch * 12, 12) }))];
    for (let batch = 0; batch < 4; batch++) model.push([...(model.at(-1) ?? []), ...makeRows(batch * 12, 12)]);
    steps.push({ sql: `DELETE FROM delta.\`${path}\` WHERE user_id = 'u1'` });
    model.push((model.at(-1) ?? []).filter((row) => row['user_id'] !== 'u1'));
    steps.push({ sql: `UPDATE delta.\`${path}\` SET score = score + 1000 WHERE tiny = 0` });
    model.push((model.at(-1) ?? []).map((row) => (row['tiny'] === 0 ? { ...row, score: (row['score'] as number) + 1000 } : row)));
    steps.push({ sql: `OPTIMIZE delta.\`${path}\`` });
    model.push([...(model.at(-1) ?? [])]);
    steps.push({ sql: `ALTER TABLE delta.\`${path}\` SET TBLPROPERTIES ('delta.logRetentionDuration' = 'interval 2 days', 'team' = 'data-team')` });
    model.push([...(model.at(-1) ?? [])]);

    const [theirs] = await referee.run({ steps, reads: [{ path }] }, location.sparkEnv);

    expect(theirs?.versions.map((version) => version.version)).toEqual(model.map((_rows, version) => version));
    expect(theirs?.operations).toMatchObject({ '0': 'CREATE TABLE', '5': 'DELETE', '6': 'UPDATE', '7': 'OPTIMIZE', '8': 'SET TBLPROPERTIES' });
    const log = (await location.store.list('_delta_log/')).map((meta) => meta.key);
    expect(log).toEqual(expect.arrayContaining(['_delta_log/00000000000000000003.checkpoint.parquet', '_delta_log/00000000000000000006.checkpoint.parquet', '_delta_log/_last_checkpoint', '_delta_log/00000000000000000007.crc']));
    const table = await DeltaTable.open(location.store, { duckdb });
    expect(table.snapshot().version).toBe(8);
    expect(table.snapshot().configuration).toMatchObject({ 'delta.checkpointInterval': '3', 'delta.logRetentionDuration': 'interval 2 days', team: 'data-team' });
    for (const { version } of theirs?.versions ?? []) {
      const spark = sparkRows(theirs, version, columns);
      expect({ version, rows: spark }).toEqual({ version, rows: multiset(model[version] ?? [], columns) });
      expect({ version, rows: await ourRows(table, columns, version) }).toEqual({ version, rows: spark });
    }
    // Version 9 is a multiple of the interval Spark set: our append writes the checkpoint Spark then reads.
    const extra = makeRows(500, 6);
    expect(await table.append(extra)).toMatchObject({ status: 'committed', version: 9, checkpoint: { status: 'written' } });
    await table.close();

    const [after] = await referee.run({ reads: [{ path, first: 9 }] }, location.sparkEnv);
    expect(sparkRows(after, 9, columns)).toEqual(multiset([...(model.at(-1) ?? []), ...extra], columns));
  });
});
