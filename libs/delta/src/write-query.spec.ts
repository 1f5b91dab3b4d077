import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QueryWriteError, ReplaceWhereMismatchError, SchemaMismatchError, TxnVersionMismatchError } from './delta-errors';
import type { StructType } from './delta-schema';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { jsonLinesQuery } from './json-lines-query';
import { localStore, temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'long', nullable: false, metadata: {} },
    { name: 'track', type: 'string', nullable: true, metadata: {} },
    { name: 'seconds', type: 'integer', nullable: true, metadata: {} },
    { name: 'score', type: 'double', nullable: true, metadata: {} },
    { name: 'ratio', type: 'float', nullable: true, metadata: {} },
    { name: 'liked', type: 'boolean', nullable: true, metadata: {} },
    { name: 'played_at', type: 'timestamp', nullable: true, metadata: {} },
    { name: 'day', type: 'date', nullable: true, metadata: {} },
    { name: 'country', type: 'string', nullable: true, metadata: {} },
  ],
};

let duckdb: DuckDBSession;
let directory: TemporaryDirectory;

beforeAll(async () => {
  duckdb = await DuckDBSession.create({ threads: 2 });
});

afterAll(async () => {
  await duckdb.close();
});

beforeEach(async () => {
  directory = await temporaryDirectory('query-table');
});

afterEach(async () => {
  await directory.remove();
});

function createTable(schema: StructType = SCHEMA, partitionColumns: string[] = ['day', 'country']): Promise<DeltaTable> {
  return DeltaTable.create(localStore(directory.path), { schema, partitionColumns }, { duckdb });
}

async function dataFiles(): Promise<string[]> {
  const entries = await readdir(directory.path, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.parquet') && !entry.parentPath.includes('_delta_log')).map((entry) => entry.name);
}

async function logLines(version: number): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(directory.path, '_delta_log', `${String(version).padStart(20, '0')}.json`), 'utf8');
  return text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A DuckDB table of `count` rows over 4 days × 3 countries (one of them null), with nulls, NaN, long strings, sub-ms times. */
async function sourceTable(name: string, count: number): Promise<void> {
  await duckdb.run(`CREATE OR REPLACE TABLE ${name} AS
    SELECT range::BIGINT AS id,
      CASE WHEN range % 7 = 0 THEN NULL WHEN range % 11 = 0 THEN repeat('é', 40) || range ELSE 'track-' || (range % 97) END AS track,
      CASE WHEN range % 5 = 0 THEN NULL ELSE (range % 300)::INTEGER END AS seconds,
      CASE WHEN range % 13 = 0 THEN 'NaN'::DOUBLE WHEN range % 17 = 0 THEN NULL ELSE range / 7.0 - 50 END AS score,
      (range % 10 / 10.0)::FLOAT AS ratio,
      CASE WHEN range % 3 = 0 THEN NULL ELSE range % 2 = 0 END AS liked,
      TIMESTAMPTZ '2024-03-01 00:00:00+00' + to_microseconds(range * 3_600_000_123) AS played_at,
      DATE '2024-03-01' + (range % 4)::INTEGER AS day,
      CASE range % 3 WHEN 0 THEN 'FR' WHEN 1 THEN 'a/b:c d%' ELSE NULL END AS country
    FROM range(${count})`);
}

describe('DeltaTable.appendQuery / overwriteQuery', () => {
  it('writes the rows of a query, one COPY for every partition, that read back exactly', async () => {
    const table = await createTable();
    await sourceTable('source_rows', 2000);
    const result = await table.appendQuery('SELECT * FROM source_rows', { txn: { appId: 'job', version: 1 } });
    expect(result).toMatchObject({ status: 'committed', version: 1, rows: 2000, attempts: 1 });
    expect(table.snapshot().files).toHaveLength(12);
    const [difference] = await duckdb.rows(`SELECT
      (SELECT count(*) FROM (SELECT * FROM source_rows EXCEPT ALL SELECT * FROM (${(await table.scan()).sql}))) AS missing,
      (SELECT count(*) FROM (SELECT * FROM (${(await table.scan()).sql}) EXCEPT ALL SELECT * FROM source_rows)) AS extra`);
    expect(difference).toEqual({ missing: 0n, extra: 0n });
    const lines = await logLines(1);
    expect(lines[1]).toEqual({ txn: { appId: 'job', version: 1, lastUpdated: expect.any(Number) } });
    expect(lines.filter((line) => 'add' in line)).toHaveLength(12);
  });

  it('writes the partition values and Hive paths the row API writes', async () => {
    const table = await createTable();
    await duckdb.run(`CREATE OR REPLACE TABLE partition_rows AS SELECT * FROM (VALUES
      (1::BIGINT, DATE '2024-03-01', 'a/b:c d%'), (2, DATE '2024-03-01', 'a/b:c d%'), (3, DATE '2024-03-02', NULL), (4, DATE '1969-12-31', ''), (5, NULL, 'é')) t(id, day, country)`);
    await table.appendQuery('SELECT id, day, country FROM partition_rows');
    const byId = new Map<string, Record<string, string | null>>();
    for (const file of table.snapshot().files) byId.set(file.add.path.replace(/part-.*$/, ''), file.add.partitionValues);
    expect(Object.fromEntries(byId)).toEqual({
      'day=2024-03-01/country=a%252Fb%253Ac%20d%2525/': { day: '2024-03-01', country: 'a/b:c d%' },
      'day=2024-03-02/country=__HIVE_DEFAULT_PARTITION__/': { day: '2024-03-02', country: null },
      // An empty string is a null partition value, as in Spark.
      'day=1969-12-31/country=__HIVE_DEFAULT_PARTITION__/': { day: '1969-12-31', country: null },
      'day=__HIVE_DEFAULT_PARTITION__/country=%C3%A9/': { day: null, country: 'é' },
    });
  });

  it('partitions by timestamp, long and boolean columns with the protocol serialization', async () => {
    const schema: StructType = {
      type: 'struct',
      fields: [
        { name: 'at', type: 'timestamp', nullable: true, metadata: {} },
        { name: 'n', type: 'long', nullable: true, metadata: {} },
        { name: 'flag', type: 'boolean', nullable: true, metadata: {} },
        { name: 'x', type: 'double', nullable: true, metadata: {} },
      ],
    };
    const table = await createTable(schema, ['at', 'n', 'flag']);
    await table.appendQuery(
      `SELECT TIMESTAMPTZ '2024-03-01 10:00:00.123456+00' AS at, 9007199254740993::BIGINT AS n, true AS flag, 1.5::DOUBLE AS x
       UNION ALL SELECT TIMESTAMP '1969-12-31 23:59:59.999999', -1, NULL, 2.5::DOUBLE`,
    );
    const values = table.snapshot().files.map((file) => file.add.partitionValues).sort((a, b) => String(a['n']).localeCompare(String(b['n'])));
    expect(values).toEqual([
      { at: '1969-12-31T23:59:59.999999Z', n: '-1', flag: null },
      { at: '2024-03-01T10:00:00.123456Z', n: '9007199254740993', flag: 'true' },
    ]);
  });

  it('writes a partition value too long for a DuckDB directory name (rows staged, partitions named by digest)', async () => {
    const table = await createTable();
    const long = `${'é'.repeat(60)}/${'x'.repeat(120)}`;
    await table.appendQuery(`SELECT range::BIGINT AS id, DATE '2024-03-01' AS day, CASE WHEN range % 2 = 0 THEN '${long}' ELSE 'FR' END AS country FROM range(10)`);
    const files = table.snapshot().files.map((file) => [file.add.partitionValues['country'], file.stats?.numRecords]);
    expect(files.sort()).toEqual([['FR', 5], [long, 5]].sort());
    expect(await duckdb.rows(`SELECT count(*) AS n FROM (${(await table.scan({ filter: [{ column: 'country', op: '=', value: long }] })).sql})`)).toEqual([{ n: 5n }]);
  });

  it('writes the statistics Delta asks for, equal to the bounds computed from the source rows', async () => {
    const table = await createTable();
    await sourceTable('stats_rows', 3000);
    await table.appendQuery('SELECT * FROM stats_rows');
    for (const file of table.snapshot().files) {
      const where = ['day', 'country']
        .map((column) => {
          const value = file.add.partitionValues[column];
          return value === null || value === undefined ? `${column} IS NULL` : `CAST(${column} AS VARCHAR) = '${value.replaceAll("'", "''")}'`;
        })
        .join(' AND ');
      // The bounds a writer must give, computed from the source rows (not from the file).
      const [expected] = await duckdb.rows(`SELECT count(*) AS n,
          count(*) - count(id) AS id_nulls, min(id) AS id_min, max(id) AS id_max,
          count(*) - count(track) AS track_nulls,
          min(track) AS track_min, max(track) AS track_max,
          count(*) - count(score) AS score_nulls, min(score) AS score_min, bool_or(isnan(score)) AS score_nan, max(score) FILTER (WHERE NOT isnan(score)) AS score_max,
          min(ratio) AS ratio_min, max(ratio) AS ratio_max,
          count(*) - count(liked) AS liked_nulls,
          strftime(min(played_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS at_min, epoch_us(max(played_at)) AS at_max_us
        FROM stats_rows WHERE ${where}`);
      const stats = JSON.parse(file.add.stats ?? '{}');
      const e = expected as Record<string, unknown>;
      const cut = (text: unknown) => Array.from(String(text)).slice(0, 32).join('');
      const long = (text: unknown) => Array.from(String(text)).length > 32;
      expect(stats.numRecords).toBe(Number(e['n']));
      expect(stats.nullCount).toMatchObject({ id: Number(e['id_nulls']), track: Number(e['track_nulls']), score: Number(e['score_nulls']), liked: Number(e['liked_nulls']) });
      expect(stats.minValues.id).toBe(Number(e['id_min']));
      expect(stats.maxValues.id).toBe(Number(e['id_max']));
      expect(stats.minValues.track).toBe(cut(e['track_min']));
      expect(stats.maxValues.track).toBe(long(e['track_max']) ? cut(e['track_max']) + String.fromCodePoint(0x10ffff) : e['track_max']);
      expect(stats.minValues.score).toBe(e['score_min']);
      // NaN sorts above every number: with NaN in the file there is no max bound.
      expect(stats.maxValues.score).toBe(e['score_nan'] ? undefined : e['score_max']);
      expect(stats.minValues.ratio).toBe(e['ratio_min']);
      expect(stats.maxValues.ratio).toBe(e['ratio_max']);
      expect('liked' in stats.minValues).toBe(false);
      expect(stats.minValues.played_at).toBe(e['at_min']);
      const maxMillis = Math.ceil(Number(e['at_max_us']) / 1000);
      expect(stats.maxValues.played_at).toBe(new Date(maxMillis).toISOString());
    }
  });

  it('keeps several files of one partition apart when DuckDB splits a partition', async () => {
    const table = await createTable();
    await sourceTable('many_rows', 5000);
    await duckdb.run('SET partitioned_write_max_open_files = 2');
    await duckdb.run('SET partitioned_write_flush_threshold = 100');
    try {
      await table.appendQuery('SELECT * FROM many_rows ORDER BY id');
    } finally {
      await duckdb.run('RESET partitioned_write_max_open_files');
      await duckdb.run('RESET partitioned_write_flush_threshold');
    }
    const files = table.snapshot().files;
    expect(files.length).toBeGreaterThan(12);
    const perPartition = new Map<string, number>();
    for (const file of files) {
      const key = JSON.stringify(file.add.partitionValues);
      perPartition.set(key, (perPartition.get(key) ?? 0) + Number(file.stats?.numRecords));
    }
    const counts = await duckdb.rows(`SELECT strftime(day, '%Y-%m-%d') AS day, country, count(*) AS n FROM many_rows GROUP BY ALL`);
    expect(perPartition).toEqual(new Map(counts.map((row) => [JSON.stringify({ day: row['day'], country: row['country'] === '' ? null : row['country'] }), Number(row['n'])])));
  });

  it('refuses a query whose columns do not match the schema, naming each column and both types', async () => {
    const table = await createTable();
    const error = await table
      .appendQuery(`SELECT 1.5 AS id, 42 AS track, '30' AS seconds, NOW()::DATE AS played_at, 'x' AS unknown_column, DATE '2024-03-01' AS day`)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SchemaMismatchError);
    const message = (error as Error).message;
    expect(message).toContain('column id: the query gives DECIMAL(2,1), the table has long');
    expect(message).toContain('column track: the query gives INTEGER, the table has string');
    expect(message).toContain('column seconds: the query gives VARCHAR, the table has integer');
    expect(message).toContain('column played_at: the query gives DATE, the table has timestamp');
    expect(message).toContain('column unknown_column (VARCHAR) is not a column of the table');
    const missing = await table.appendQuery(`SELECT 'a' AS track`).catch((caught: unknown) => caught);
    expect((missing as Error).message).toContain('column id (long, not nullable) is missing from the query');
    expect(await table.refresh()).toMatchObject({ version: 0 });
    expect(await dataFiles()).toEqual([]);
  });

  it('refuses nulls in a non-nullable column and values out of range, committing and leaving nothing', async () => {
    const table = await createTable();
    const nulls = await table.appendQuery(`SELECT CASE WHEN range = 3 THEN NULL ELSE range END AS id, DATE '2024-03-01' AS day FROM range(10)`).catch((caught: unknown) => caught);
    expect(nulls).toBeInstanceOf(SchemaMismatchError);
    expect((nulls as Error).message).toContain('column id (long, not nullable) has 1 null value');
    const overflow = await table.appendQuery(`SELECT 1::BIGINT AS id, 3000000000::BIGINT AS seconds`).catch((caught: unknown) => caught);
    expect(overflow).toBeInstanceOf(QueryWriteError);
    expect((overflow as Error).message).toMatch(/out of range|Conversion/i);
    const broken = await table.appendQuery(`SELECT * FROM no_such_relation`).catch((caught: unknown) => caught);
    expect(broken).toBeInstanceOf(QueryWriteError);
    expect(await table.refresh()).toMatchObject({ version: 0 });
    expect(await dataFiles()).toEqual([]);
  });

  it('writes missing nullable columns as NULL and accepts exact widenings', async () => {
    const table = await createTable();
    await table.appendQuery(`SELECT 7::INTEGER AS id, 5::TINYINT AS seconds, 2.5::FLOAT AS score, TIMESTAMP '2024-03-01 10:00:00' AS played_at, DATE '2024-03-01' AS day`);
    expect(await duckdb.rows(`SELECT id, track, seconds, score, epoch_us(played_at) AS us, country FROM (${(await table.scan()).sql})`)).toEqual([
      { id: 7n, track: null, seconds: 5, score: 2.5, us: 1_709_287_200_000_000n, country: null },
    ]);
  });

  it('replaces exactly the partitions of replaceWhere, and refuses rows outside them', async () => {
    const table = await createTable();
    await sourceTable('first_rows', 400);
    await table.appendQuery('SELECT * FROM first_rows');
    const before = table.snapshot().files;
    const replaced = before.filter((file) => file.add.partitionValues['day'] === '2024-03-02');
    const [expected] = await duckdb.rows(
      `SELECT count(*) FILTER (WHERE day = DATE '2024-03-02' AND id % 3 = 0) AS replaced, count(*) FILTER (WHERE day <> DATE '2024-03-02' OR id % 3 = 0) AS total FROM first_rows`,
    );
    const result = await table.overwriteQuery(`SELECT * FROM first_rows WHERE day = DATE '2024-03-02' AND id % 3 = 0`, {
      replaceWhere: [{ column: 'day', op: '=', value: '2024-03-02' }],
      txn: { appId: 'gold', version: 3 },
    });
    expect(result).toMatchObject({ status: 'committed', version: 2 });
    expect(result.status === 'committed' ? result.removed.map((remove) => remove.path).sort() : []).toEqual(replaced.map((file) => file.add.path).sort());
    const [counts] = await duckdb.rows(`SELECT count(*) FILTER (WHERE day = DATE '2024-03-02') AS replaced, count(*) AS total FROM (${(await table.scan()).sql})`);
    expect(counts).toEqual(expected);
    expect((expected as Record<string, bigint>)['replaced']).toBeGreaterThan(0n);

    const outside = await table
      .overwriteQuery(`SELECT * FROM first_rows WHERE day IN (DATE '2024-03-02', DATE '2024-03-03')`, { replaceWhere: [{ column: 'day', op: '=', value: '2024-03-02' }] })
      .catch((caught: unknown) => caught);
    expect(outside).toBeInstanceOf(ReplaceWhereMismatchError);
    expect((outside as Error).message).toContain('day=2024-03-03');
    expect(await table.refresh()).toMatchObject({ version: 2 });
    expect((await dataFiles()).length).toBe(table.snapshot().files.length + replaced.length);
    expect(await table.overwriteQuery('SELECT * FROM first_rows', { txn: { appId: 'gold', version: 3 } })).toMatchObject({ status: 'skipped', reason: 'txn-already-applied' });
  });

  it('commits nothing for a query without rows, unless txns ask for it', async () => {
    const table = await createTable();
    expect(await table.appendQuery('SELECT 1::BIGINT AS id WHERE false')).toEqual({ status: 'skipped', reason: 'no-rows' });
    expect(await table.appendQuery('SELECT 1::BIGINT AS id WHERE false', { txn: { appId: 'a', version: 0 } })).toMatchObject({ status: 'committed', version: 1, rows: 0, files: [] });
    const mismatch = await table.appendQuery('SELECT 1::BIGINT AS id', { txn: { appId: 'a', version: 5, expectedVersion: -1 } }).catch((caught: unknown) => caught);
    expect(mismatch).toBeInstanceOf(TxnVersionMismatchError);
    await expect(table.appendQuery('SELECT 1::BIGINT AS id', { mergeSchema: true } as never)).rejects.toThrow('mergeSchema is not supported');
  });

  it('reads JSON lines of trusted rows with the table types', async () => {
    const table = await createTable();
    const path = join(directory.path, 'rows.ndjson');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      path,
      [
        { id: 1, track: 'a', seconds: 30, score: 0.5, liked: true, played_at: '2024-03-01T10:00:00.123Z', day: '2024-03-01', country: 'FR' },
        { id: 2, track: null, played_at: null, day: '2024-03-02', country: null },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n'),
    );
    await table.appendQuery(jsonLinesQuery(path, SCHEMA));
    expect(await duckdb.rows(`SELECT id, track, seconds, score, liked, epoch_ms(played_at) AS ms, strftime(day, '%Y-%m-%d') AS day, country FROM (${(await table.scan()).sql}) ORDER BY id`)).toEqual([
      { id: 1n, track: 'a', seconds: 30, score: 0.5, liked: true, ms: 1_709_287_200_123n, day: '2024-03-01', country: 'FR' },
      { id: 2n, track: null, seconds: null, score: null, liked: null, ms: null, day: '2024-03-02', country: null },
    ]);
  });
});
