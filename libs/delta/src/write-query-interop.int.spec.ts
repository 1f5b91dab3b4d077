import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deltaReferee, serviceEndpoint, type DeltaReferee, type RefereeColumnType } from '@music/test-support';
import type { StructType } from './delta-schema';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { localTable, minioTable, type BackendTable } from './test-helpers/int-backends';
import { temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

/**
 * delta-rs (the referee) reads what appendQuery / overwriteQuery wrote (one COPY … RETURN_STATS
 * per write): every version holds the rows of a model, and delta-rs parses each file's statistics
 * into the bounds computed here from the model's rows (not from what the writer reported).
 */

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..', '..');

const COLUMNS: [string, RefereeColumnType][] = [
  ['id', 'long'],
  ['user_id', 'string'],
  ['seconds', 'integer'],
  ['small', 'short'],
  ['score', 'double'],
  ['ratio', 'float'],
  ['liked', 'boolean'],
  ['played_at', 'timestamp'],
  ['day', 'date'],
  ['country', 'string'],
];
const DATA_COLUMNS = COLUMNS.map(([name]) => name).filter((name) => name !== 'day' && name !== 'country');
const SCHEMA: StructType = { type: 'struct', fields: COLUMNS.map(([name, type]) => ({ name, type, nullable: name !== 'id', metadata: {} })) };

type Row = Record<string, string | number | boolean | null>;

function makeRows(first: number, count: number): Row[] {
  return Array.from({ length: count }, (_, index) => {
    const id = first + index;
    return {
      id,
      user_id: id % 9 === 0 ? `a long user id that statistics cut at 32 code points ${id}` : `u${id % 5}`,
      seconds: id % 5 === 0 ? null : id * 10,
      small: id - 100,
      score: id / 8,
      ratio: id % 4 === 0 ? null : (id % 16) / 4,
      liked: id % 3 === 0 ? null : id % 2 === 0,
      played_at: `2024-03-0${1 + (id % 3)}T10:${String(id % 60).padStart(2, '0')}:00.${String(id * 1001).padStart(6, '0').slice(-6)}Z`,
      day: `2024-03-0${1 + (id % 3)}`,
      country: id % 6 === 0 ? null : (['FR', 'Côte d:Ivoire', 'DE'][id % 3] as string),
    };
  });
}

function microsOf(text: string): number {
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  return Date.parse(text.replace(/\.\d+/, '')) * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

function multiset(rows: readonly Record<string, unknown>[]): string[] {
  return rows
    .map((row) => COLUMNS.map(([name]) => (row[name] === null || row[name] === undefined ? '∅' : name === 'played_at' ? String(microsOf(String(row[name]))) : String(row[name]))).join('|'))
    .sort();
}

/** Delta's statistics of one partition's rows, as JSON values delta-rs gives back. */
function expectedStats(rows: readonly Row[]): { num_records: number; null_count: Record<string, number>; min: Record<string, unknown>; max: Record<string, unknown> } {
  const nullCount: Record<string, number> = {};
  const min: Record<string, unknown> = {};
  const max: Record<string, unknown> = {};
  for (const column of DATA_COLUMNS) {
    const values = rows.map((row) => row[column]).filter((value) => value !== null && value !== undefined);
    nullCount[column] = rows.length - values.length;
    if (column === 'liked' || values.length === 0) {
      min[column] = null;
      max[column] = null;
    } else if (column === 'played_at') {
      const micros = values.map((value) => microsOf(String(value)));
      // Milliseconds in the statistics: the min rounded down, the max up.
      min[column] = new Date(Math.floor(Math.min(...micros) / 1000)).toISOString();
      max[column] = new Date(Math.ceil(Math.max(...micros) / 1000)).toISOString();
    } else if (column === 'user_id') {
      const sorted = (values as string[]).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const cut = (text: string) => Array.from(text).slice(0, 32).join('');
      const low = sorted[0] as string;
      const high = sorted.at(-1) as string;
      min[column] = cut(low);
      max[column] = Array.from(high).length > 32 ? cut(high) + String.fromCodePoint(0x10ffff) : high;
    } else {
      min[column] = Math.min(...(values as number[]));
      max[column] = Math.max(...(values as number[]));
    }
  }
  return { num_records: rows.length, null_count: nullCount, min, max };
}

function partitionKey(values: Record<string, unknown>): string {
  return `${String(values['day'] ?? null)}|${String(values['country'] ?? null)}`;
}

describe.each<[string, () => Promise<BackendTable>]>([
  ['local disk', () => localTable('query-interop')],
  ['MinIO (s3://)', async () => minioTable(await serviceEndpoint('minio', process.env), 'query-interop')],
])('delta-rs reads tables written from DuckDB queries, on %s', (_name, openBackend) => {
  let referee: DeltaReferee;
  let duckdb: DuckDBSession;
  let work: TemporaryDirectory;
  let location: BackendTable | undefined;

  beforeAll(async () => {
    referee = await deltaReferee({ cacheDir: join(ROOT, '.cache'), env: process.env });
    duckdb = await DuckDBSession.create({ threads: 2 });
    work = await temporaryDirectory('query-interop-work');
  });

  afterAll(async () => {
    await location?.remove();
    await duckdb?.close();
    await work?.remove();
  });

  /** A DuckDB table holding `rows` with the table's types, loaded from JSON lines. */
  async function relation(name: string, rows: readonly Row[]): Promise<string> {
    const path = join(work.path, `${name}.ndjson`);
    await writeFile(path, rows.map((row) => JSON.stringify(row)).join('\n'));
    const columns = COLUMNS.map(([column, type]) => `'${column}': '${{ long: 'BIGINT', string: 'VARCHAR', integer: 'INTEGER', short: 'SMALLINT', double: 'DOUBLE', float: 'FLOAT', boolean: 'BOOLEAN', timestamp: 'TIMESTAMPTZ', date: 'DATE' }[type as string]}'`);
    await duckdb.run(`CREATE OR REPLACE TABLE ${name} AS SELECT * FROM read_ndjson('${path}', columns = {${columns.join(', ')}})`);
    return name;
  }

  it('sees the same rows in every version and the same statistics in every file', async () => {
    location = await openBackend();
    const storageOptions = location.refereeStorageOptions ? { storageOptions: location.refereeStorageOptions } : {};
    const table = await DeltaTable.create(location.store, { schema: SCHEMA, partitionColumns: ['day', 'country'] }, { duckdb, cacheDirectory: work.path });
    const first = makeRows(0, 90);
    const second = makeRows(90, 90);
    const replacement = makeRows(1000, 30).filter((row) => row['day'] === '2024-03-02');
    await table.appendQuery(`SELECT * FROM ${await relation('first_rows', first)}`, { txn: { appId: 'job', version: 1 } });
    await table.appendQuery(`SELECT * FROM ${await relation('second_rows', second)}`, { txn: { appId: 'job', version: 2 } });
    await table.overwriteQuery(`SELECT * FROM ${await relation('replacement_rows', replacement)}`, {
      replaceWhere: [{ column: 'day', op: '=', value: '2024-03-02' }],
      txn: { appId: 'job', version: 3 },
    });
    const model = [[], first, [...first, ...second], [...[...first, ...second].filter((row) => row['day'] !== '2024-03-02'), ...replacement]];

    const versions = await referee.readVersions(location.refereeUri, { rows: true, ...storageOptions });
    expect(versions.map((snapshot) => snapshot.version)).toEqual([0, 1, 2, 3]);
    versions.forEach((snapshot, version) => expect(multiset(snapshot.rows ?? [])).toEqual(multiset(model[version] as Row[])));

    // Each live file holds the rows one write put in one partition; the writes have disjoint ids.
    const writes = [first, second, replacement];
    const expectedFiles = new Map<string, ReturnType<typeof expectedStats>>();
    for (const rows of writes) {
      const live = rows.filter((row) => (model[3] as Row[]).includes(row));
      const byPartition = new Map<string, Row[]>();
      for (const row of live) byPartition.set(partitionKey(row), [...(byPartition.get(partitionKey(row)) ?? []), row]);
      for (const [partition, partitionRows] of byPartition) expectedFiles.set(`${partition}|${Math.min(...partitionRows.map((row) => Number(row['id'])))}`, expectedStats(partitionRows));
    }
    const actions = versions.at(-1)?.add_actions ?? [];
    expect(actions).toHaveLength(expectedFiles.size);
    const normalise = (values: Record<string, unknown> | null | undefined) =>
      Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, key === 'played_at' && typeof value === 'string' ? new Date(value).toISOString() : value]));
    for (const action of actions) {
      const expected = expectedFiles.get(`${partitionKey(action.partition ?? {})}|${String(action.min?.['id'])}`);
      expect({ num_records: action.num_records, null_count: action.null_count, min: normalise(action.min), max: normalise(action.max) }).toEqual(expected);
    }
    await table.close();
  });
});
