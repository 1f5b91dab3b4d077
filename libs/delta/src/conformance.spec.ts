import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  InvalidDeltaLogError,
  TableNotFoundError,
  UnsupportedTableFeatureError,
  VersionNotFoundError,
} from './delta-errors';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { duckdbType, sqlIdentifier, sqlString } from './sql-literals';
import type { Snapshot } from './snapshot';
import { localStore } from './test-helpers/temporary-stores';

/**
 * Every table of the shared Delta conformance set (../shared/delta-conformance, see its
 * README.md), each with what this library must do with it. A completeness test checks that no
 * table of the folder is left out of the list.
 */

const REPO_ROOT = join(__dirname, '..', '..', '..');
const CONFORMANCE_ROOT = join(REPO_ROOT, '..', 'shared', 'delta-conformance');

type ErrorClass = abstract new (...args: never[]) => Error;

type ConformanceCase =
  /** golden/<name>: latest snapshot rows equal the expected/ Parquet files as a multiset. */
  | { table: string; expect: 'expected-rows'; version: number; ignoreColumns?: { columns: string[]; why: string } }
  /** Snapshot facts from the README; `rows` undefined = log only (data files not shipped). */
  | { table: string; expect: 'snapshot'; version: number; files: number; rows?: number; check?: (snapshot: Snapshot) => void }
  /** Refused cleanly: UnsupportedTableFeatureError naming these requirements. */
  | { table: string; expect: 'unsupported'; features: string[] }
  /** Must fail with this error. */
  | { table: string; expect: 'error'; error: ErrorClass; message: RegExp; why: string };

type CaseOf<K extends ConformanceCase['expect']> = Extract<ConformanceCase, { expect: K }>;

function casesOf<K extends ConformanceCase['expect']>(kind: K): CaseOf<K>[] {
  return CASES.filter((entry): entry is CaseOf<K> => entry.expect === kind);
}

function golden(name: string): string {
  return `golden/${name}/delta`;
}

const EXPECTED_ROWS: [name: string, version: number][] = [
  ['124-decimal-decode-bug', 0],
  ['125-iterator-bug', 11],
  ['basic-decimal-table', 0],
  ['basic-decimal-table-legacy', 0],
  ['basic-with-inserts-deletes-checkpoint', 13],
  ['basic-with-inserts-merge', 1],
  ['basic-with-inserts-overwrite-restore', 3],
  ['basic-with-vacuum-protocol-check-feature', 1],
  ['corrupted-last-checkpoint-kernel', 11],
  ['data-reader-array-complex-objects', 0],
  ['data-reader-array-primitives', 0],
  ['data-reader-date-types-America', 0],
  ['data-reader-date-types-Etc', 0],
  ['data-reader-date-types-Iceland', 0],
  ['data-reader-date-types-Jst', 0],
  ['data-reader-date-types-Pst', 0],
  ['data-reader-date-types-utc', 0],
  ['data-reader-map', 0],
  ['data-reader-nested-struct', 0],
  ['data-reader-nullable-field-invalid-schema-key', 0],
  ['data-reader-primitives', 0],
  ['data-skipping-basic-stats-all-types', 0],
  ['data-skipping-basic-stats-all-types-checkpoint', 0],
  ['data-skipping-change-stats-collected-across-versions', 4],
  ['data-skipping-partition-and-data-column', 3],
  ['decimal-various-scale-precision', 0],
  ['deltalog-getChanges', 2],
  ['kernel-timestamp-int96', 0],
  ['kernel-timestamp-pst', 0],
  ['kernel-timestamp-timestamp_micros', 0],
  ['kernel-timestamp-timestamp_millis', 0],
  ['log-replay-latest-metadata-protocol', 2],
  ['log-replay-special-characters', 1],
  ['log-replay-special-characters-a', 1],
  ['multi-part-checkpoint', 1],
  ['only-checkpoint-files', 2],
  ['snapshot-data0', 0],
  ['snapshot-data1', 1],
  ['snapshot-data2', 2],
  ['snapshot-data2-deleted', 4],
  ['snapshot-repartitioned', 5],
  ['snapshot-vacuumed', 5],
  ['time-travel-partition-changes-a', 0],
  ['time-travel-partition-changes-b', 1],
  ['time-travel-schema-changes-a', 0],
  ['time-travel-schema-changes-b', 1],
  ['time-travel-start', 0],
  ['time-travel-start-start20', 1],
];

function txnVersions(snapshot: Snapshot): Record<string, number> {
  return Object.fromEntries([...snapshot.txns.values()].map((txn) => [txn.appId, txn.version]));
}

const CASES: ConformanceCase[] = [
  ...EXPECTED_ROWS.map(([name, version]): ConformanceCase => ({ table: golden(name), expect: 'expected-rows', version })),
  {
    table: golden('data-reader-partition-values'),
    expect: 'expected-rows',
    version: 0,
    ignoreColumns: {
      columns: ['as_timestamp'],
      why: 'zone-less partition timestamp "2021-09-08 11:11:11" is read as UTC (like delta-rs and delta-kernel-rs); expected/ holds the US Pacific reading 18:11:11Z (README caveat); checked separately below',
    },
  },
  // Log-level golden tables (no data files).
  {
    table: golden('checkpoint'),
    expect: 'snapshot',
    version: 14,
    files: 1,
    check: (snapshot) => {
      expect(snapshot.files.map((file) => file.add.path)).toEqual(['15']);
      expect(snapshot.tombstones).toHaveLength(14);
    },
  },
  ...['normal-a', 'normal-b', 'special-a', 'special-b'].map(
    (variant): ConformanceCase => ({ table: golden(`canonicalized-paths-${variant}`), expect: 'snapshot', version: 1, files: 0 }),
  ),
  {
    table: golden('delete-re-add-same-file-different-transactions'),
    expect: 'snapshot',
    version: 3,
    files: 2,
    check: (snapshot) => {
      const byPath = new Map(snapshot.files.map((file) => [file.add.path, file.add]));
      expect([...byPath.keys()].sort()).toEqual(['bar', 'foo']);
      expect(byPath.get('foo')?.modificationTime).toBe(1_700_000_000_000);
    },
  },
  {
    table: golden('log-replay-special-characters-b'),
    expect: 'snapshot',
    version: 0,
    files: 1,
    check: (snapshot) => {
      expect(snapshot.files[0]?.location).toMatchObject({ kind: 'table', key: 'special p@#h' });
    },
  },
  {
    table: golden('deltalog-commit-info'),
    expect: 'error',
    error: InvalidDeltaLogError,
    message: /no schemaString/,
    why: 'log-parsing fixture (unused upstream) whose only metaData has no schemaString: there is no schema to read',
  },
  {
    table: golden('update-deleted-directory'),
    expect: 'error',
    error: InvalidDeltaLogError,
    message: /no schemaString/,
    why: 'log-parsing fixture (unused upstream): its checkpoint metaData has a null schemaString',
  },
  {
    table: golden('data-reader-absolute-paths-escaped-chars'),
    expect: 'error',
    error: InvalidDeltaLogError,
    message: /no metaData action/,
    why: 'log-parsing fixture (unused upstream) with protocol and add actions but no metaData',
  },
  // Must-fail golden tables.
  { table: golden('deltalog-invalid-protocol-version'), expect: 'unsupported', features: ['minReaderVersion 99'] },
  {
    table: golden('deltalog-state-reconstruction-without-protocol'),
    expect: 'error',
    error: InvalidDeltaLogError,
    message: /no protocol action/,
    why: 'no protocol action in the log',
  },
  {
    table: golden('deltalog-state-reconstruction-without-metadata'),
    expect: 'error',
    error: InvalidDeltaLogError,
    message: /no metaData action/,
    why: 'no metaData action in the log',
  },
  {
    table: golden('deltalog-state-reconstruction-from-checkpoint-missing-protocol'),
    expect: 'error',
    error: InvalidDeltaLogError,
    message: /checkpoint\.parquet: checkpoint without a protocol action/,
    why: 'checkpoint without protocol',
  },
  {
    table: golden('deltalog-state-reconstruction-from-checkpoint-missing-metadata'),
    expect: 'error',
    error: InvalidDeltaLogError,
    message: /checkpoint\.parquet: checkpoint without a metaData action/,
    why: 'checkpoint without metaData',
  },
  {
    table: golden('versions-not-contiguous'),
    expect: 'error',
    error: InvalidDeltaLogError,
    message: /00000000000000000001\.json: missing commit/,
    why: 'commit 1 is missing between 0 and 2',
  },
  {
    table: golden('no-delta-log-folder'),
    expect: 'error',
    error: TableNotFoundError,
    message: /no Delta table here/,
    why: 'Parquet files but no _delta_log',
  },
  // Golden tables needing features this library refuses.
  { table: golden('data-reader-timestamp_ntz'), expect: 'unsupported', features: ['timestampNtz'] },
  { table: golden('data-reader-timestamp_ntz-id-mode'), expect: 'unsupported', features: ['timestampNtz', 'columnMapping (mode id)'] },
  { table: golden('data-reader-timestamp_ntz-name-mode'), expect: 'unsupported', features: ['timestampNtz', 'columnMapping (mode name)'] },
  { table: golden('parquet-all-types'), expect: 'unsupported', features: ['timestampNtz'] },
  { table: golden('parquet-all-types-legacy-format'), expect: 'unsupported', features: ['timestampNtz'] },
  { table: golden('table-with-columnmapping-mode-id'), expect: 'unsupported', features: ['columnMapping (mode id)'] },
  { table: golden('table-with-columnmapping-mode-name'), expect: 'unsupported', features: ['columnMapping (mode name)'] },
  { table: golden('data-skipping-basic-stats-all-types-columnmapping-id'), expect: 'unsupported', features: ['columnMapping (mode id)'] },
  { table: golden('data-skipping-basic-stats-all-types-columnmapping-name'), expect: 'unsupported', features: ['columnMapping (mode name)'] },
  { table: golden('dv-partitioned-with-checkpoint'), expect: 'unsupported', features: ['deletionVectors'] },
  { table: golden('dv-with-columnmapping'), expect: 'unsupported', features: ['deletionVectors', 'columnMapping (mode name)'] },
  { table: golden('log-replay-dv-key-cases'), expect: 'unsupported', features: ['deletionVectors'] },
  { table: golden('v2-checkpoint-json'), expect: 'unsupported', features: ['v2Checkpoint'] },
  { table: golden('v2-checkpoint-parquet'), expect: 'unsupported', features: ['v2Checkpoint'] },

  // delta-rs test tables.
  {
    table: 'delta-rs/cdc_ict_table',
    expect: 'snapshot',
    version: 3,
    files: 2,
    rows: 2,
    check: (snapshot) => expect(snapshot.timestamp).toBe(1_783_874_213_881),
  },
  { table: 'delta-rs/cdf-table', expect: 'snapshot', version: 3, files: 9, rows: 9 },
  { table: 'delta-rs/cdf-table-non-partitioned', expect: 'snapshot', version: 4, files: 11, rows: 11 },
  { table: 'delta-rs/cdf-table-with-cdc-and-dvs', expect: 'unsupported', features: ['deletionVectors'] },
  { table: 'delta-rs/checkpoint-cdf-table', expect: 'snapshot', version: 5, files: 13, rows: 13 },
  { table: 'delta-rs/checkpoint-v2-table', expect: 'unsupported', features: ['v2Checkpoint'] },
  { table: 'delta-rs/checkpoints', expect: 'snapshot', version: 12, files: 12 },
  { table: 'delta-rs/checkpoints_vacuumed', expect: 'snapshot', version: 12, files: 12 },
  { table: 'delta-rs/concurrent_workers', expect: 'snapshot', version: 0, files: 0, rows: 0 },
  {
    table: 'delta-rs/delta-0.2.0',
    expect: 'snapshot',
    version: 3,
    files: 3,
    rows: 6,
    check: (snapshot) => expect(txnVersions(snapshot)).toEqual({ 'e4a20b59-dd0e-4c50-b074-e8ae4786df30': 0 }),
  },
  { table: 'delta-rs/delta-0.8-empty', expect: 'snapshot', version: 1, files: 0, rows: 0 },
  { table: 'delta-rs/delta-0.8.0', expect: 'snapshot', version: 1, files: 2, rows: 4 },
  { table: 'delta-rs/delta-0.8.0-date', expect: 'snapshot', version: 0, files: 1, rows: 5 },
  {
    table: 'delta-rs/delta-0.8.0-null-partition',
    expect: 'snapshot',
    version: 0,
    files: 2,
    rows: 2,
    check: (snapshot) => {
      const values = snapshot.files.map((file) => file.partitionValues[snapshot.partitionColumns[0] as string]);
      expect(values).toContain(null);
    },
  },
  {
    table: 'delta-rs/delta-0.8.0-numeric-partition',
    expect: 'snapshot',
    version: 0,
    files: 2,
    rows: 2,
    check: (snapshot) => {
      const values = snapshot.files.map((file) => [file.partitionValues['x'], file.partitionValues['y']]);
      expect(values.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
        [9n, 9.9],
        [10n, 10],
      ]);
    },
  },
  { table: 'delta-rs/delta-0.8.0-partitioned', expect: 'snapshot', version: 0, files: 6, rows: 7 },
  {
    table: 'delta-rs/delta-1.2.1-only-struct-stats',
    expect: 'snapshot',
    version: 12,
    files: 12,
    rows: 12,
    check: (snapshot) => {
      // The checkpoint has stats_parsed only: statistics come from the struct column.
      const fromCheckpoint = snapshot.files.filter((file) => file.add.stats !== undefined);
      expect(fromCheckpoint.length).toBe(12);
      expect(fromCheckpoint.every((file) => file.stats?.numRecords === 1)).toBe(true);
    },
  },
  { table: 'delta-rs/delta-2.2.0-partitioned-types', expect: 'snapshot', version: 0, files: 3, rows: 3 },
  { table: 'delta-rs/delta-checkpoint-stats-optional', expect: 'snapshot', version: 2, files: 2, rows: 2 },
  { table: 'delta-rs/delta-live-table', expect: 'snapshot', version: 1, files: 0, rows: 0 },
  { table: 'delta-rs/delta-stats-optional', expect: 'snapshot', version: 2, files: 2, rows: 2 },
  { table: 'delta-rs/http_requests', expect: 'snapshot', version: 1, files: 2, rows: 1581 },
  { table: 'delta-rs/issue-2152', expect: 'snapshot', version: 0, files: 0, rows: 0 },
  { table: 'delta-rs/issue_1374', expect: 'snapshot', version: 1, files: 2, rows: 20 },
  { table: 'delta-rs/latest_not_checkpointed', expect: 'snapshot', version: 3, files: 1 },
  { table: 'delta-rs/partition-type-primitives', expect: 'snapshot', version: 0, files: 16, rows: 16 },
  { table: 'delta-rs/python-0.25.5-checkpoint', expect: 'snapshot', version: 1, files: 2, rows: 6 },
  { table: 'delta-rs/simple_commit', expect: 'snapshot', version: 0, files: 0, rows: 0 },
  { table: 'delta-rs/simple_table', expect: 'snapshot', version: 4, files: 5, rows: 3 },
  {
    table: 'delta-rs/simple_table_features',
    expect: 'unsupported',
    features: ['minReaderVersion 5', 'blahabl', 'deletionVectors', 'timestampNtz', 'v2Checkpoint'],
  },
  { table: 'delta-rs/simple_table_with_cdc', expect: 'snapshot', version: 2, files: 1, rows: 1 },
  { table: 'delta-rs/simple_table_with_checkpoint', expect: 'snapshot', version: 10, files: 11, rows: 11 },
  { table: 'delta-rs/spark-shredded-variant-preview-delta', expect: 'unsupported', features: ['variantShredding-preview', 'variantType'] },
  { table: 'delta-rs/spark-variant-checkpoint', expect: 'unsupported', features: ['variantType-preview'] },
  { table: 'delta-rs/spark-variant-stable-feature-checkpoint', expect: 'unsupported', features: ['variantType'] },
  { table: 'delta-rs/table-with-domain-metadata', expect: 'unsupported', features: ['deletionVectors'] },
  { table: 'delta-rs/table-with-dv-small', expect: 'unsupported', features: ['deletionVectors'] },
  { table: 'delta-rs/table-without-dv-small', expect: 'snapshot', version: 0, files: 1, rows: 10 },
  { table: 'delta-rs/table_failed_last_checkpoint_update', expect: 'snapshot', version: 3, files: 4, rows: 20 },
  { table: 'delta-rs/table_with_column_mapping', expect: 'unsupported', features: ['columnMapping (mode name)'] },
  { table: 'delta-rs/table_with_deletion_logs', expect: 'unsupported', features: ['deletionVectors'] },
  { table: 'delta-rs/table_with_edge_timestamps', expect: 'snapshot', version: 0, files: 2, rows: 2 },
  { table: 'delta-rs/table_with_liquid_clustering', expect: 'unsupported', features: ['deletionVectors'] },
  { table: 'delta-rs/table_with_null_stats_in_notnull_struct', expect: 'snapshot', version: 1, files: 2, rows: 2 },
  { table: 'delta-rs/table_with_partitioning_mapping', expect: 'unsupported', features: ['deletionVectors', 'columnMapping (mode name)'] },
  { table: 'delta-rs/with_checkpoint_no_last_checkpoint', expect: 'snapshot', version: 3, files: 1 },

  // delta-kernel-rs targeted tables.
  {
    table: 'kernel-rs-data/app-txn-checkpoint',
    expect: 'snapshot',
    version: 1,
    files: 4,
    rows: 22,
    check: (snapshot) => expect(txnVersions(snapshot)).toEqual({ 'my-app': 3, 'my-app2': 2 }),
  },
  {
    table: 'kernel-rs-data/app-txn-no-checkpoint',
    expect: 'snapshot',
    version: 1,
    files: 4,
    rows: 22,
    check: (snapshot) => expect(txnVersions(snapshot)).toEqual({ 'my-app': 3, 'my-app2': 2 }),
  },
  {
    table: 'kernel-rs-data/app-txn-with-last-updated',
    expect: 'snapshot',
    version: 3,
    files: 4,
    check: (snapshot) => expect(txnVersions(snapshot)).toEqual({ new_app_0: 1, new_app_1: 1, new_app_2: 1, old_app: 1 }),
  },
  { table: 'kernel-rs-data/compacted-log-files-table', expect: 'unsupported', features: ['deletionVectors'] },
  { table: 'kernel-rs-data/crc-full', expect: 'unsupported', features: ['deletionVectors'] },
  {
    table: 'kernel-rs-data/crc-malformed',
    expect: 'error',
    error: TableNotFoundError,
    message: /no Delta table here/,
    why: 'only a malformed .crc file and no commit; version checksum files are not read by this library',
  },
  { table: 'kernel-rs-data/external-table-different-nullability', expect: 'snapshot', version: 5, files: 3, rows: 7 },
  { table: 'kernel-rs-data/mixed-nulls', expect: 'snapshot', version: 0, files: 3, rows: 15 },
  { table: 'kernel-rs-data/stats-writing-all-types/delta', expect: 'unsupported', features: ['timestampNtz', 'columnMapping (mode name)'] },
  { table: 'kernel-rs-data/timestamp-partitioned-table', expect: 'unsupported', features: ['deletionVectors'] },
  { table: 'kernel-rs-data/timestamp-truncation-stats', expect: 'snapshot', version: 2, files: 3, rows: 6 },
  { table: 'kernel-rs-data/v1-multi-part-struct-stats-only', expect: 'unsupported', features: ['deletionVectors'] },
  { table: 'kernel-rs-data/v2-checkpoints-json-with-last-checkpoint', expect: 'unsupported', features: ['v2Checkpoint'] },
  { table: 'kernel-rs-data/v2-checkpoints-json-with-sidecars', expect: 'unsupported', features: ['v2Checkpoint'] },
  { table: 'kernel-rs-data/v2-checkpoints-parquet-with-sidecars', expect: 'unsupported', features: ['v2Checkpoint'] },
  { table: 'kernel-rs-data/v2-classic-checkpoint-parquet', expect: 'unsupported', features: ['v2Checkpoint'] },
  {
    table: 'kernel-rs-data/void-column',
    expect: 'snapshot',
    version: 0,
    files: 3,
    rows: 3,
    check: (snapshot) => expect(snapshot.schema.fields.some((field) => field.type === 'void')).toBe(true),
  },
  { table: 'kernel-rs-data/with-short-dv', expect: 'unsupported', features: ['deletionVectors'] },
];

let duckdb: DuckDBSession;

beforeAll(async () => {
  if (!existsSync(join(CONFORMANCE_ROOT, 'README.md'))) {
    throw new Error(`conformance tables not found at ${CONFORMANCE_ROOT} (expected ../shared/delta-conformance beside the repository)`);
  }
  duckdb = await DuckDBSession.create();
});

afterAll(async () => {
  await duckdb?.close();
});

function open(table: string, options: { version?: number } = {}): Promise<DeltaTable> {
  return DeltaTable.open(localStore(join(CONFORMANCE_ROOT, table)), { duckdb, ...options });
}

async function count(sql: string): Promise<number> {
  const rows = await duckdb.rows(`SELECT count(*) AS n FROM (${sql})`);
  return Number(rows[0]?.['n']);
}

async function rowCount(table: DeltaTable): Promise<number> {
  return count((await table.scan()).sql);
}

describe('conformance table list', () => {
  it('covers every table of the conformance folder exactly once', () => {
    const onDisk: string[] = [];
    for (const group of ['golden', 'delta-rs', 'kernel-rs-data']) {
      for (const name of readdirSync(join(CONFORMANCE_ROOT, group))) {
        const root = group === 'golden' ? golden(name) : `${group}/${name}`;
        const nested = !existsSync(join(CONFORMANCE_ROOT, root, '_delta_log')) && existsSync(join(CONFORMANCE_ROOT, root, 'delta', '_delta_log'));
        onDisk.push(nested ? `${root}/delta` : root);
      }
    }
    const listed = CASES.map((entry) => entry.table);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(onDisk.sort());
  });
});

describe.each(casesOf('expected-rows'))('golden table $table', (entry) => {
  it('reads the latest version and matches expected/ as a multiset', async () => {
    const table = await open(entry.table);
    expect(table.snapshot().version).toBe(entry.version);
    const plan = await table.scan();
    const expectedDir = join(CONFORMANCE_ROOT, entry.table, '..', 'expected');
    const expectedSource = `read_parquet(${sqlString(join(expectedDir, '**', '*.parquet'))}, union_by_name = true)`;
    const expectedColumns = (await duckdb.rows(`DESCRIBE SELECT * FROM ${expectedSource}`)).map((row) => String(row['column_name']));
    expect([...expectedColumns].sort()).toEqual(plan.columns.map((field) => field.name).sort());
    const ignored = new Set(entry.ignoreColumns?.columns ?? []);
    const compared = plan.columns.filter((field) => !ignored.has(field.name));
    const projection = compared.map((field) => `CAST(${sqlIdentifier(field.name)} AS ${duckdbType(field.type)}) AS ${sqlIdentifier(field.name)}`).join(', ');
    const actual = `SELECT ${projection} FROM (${plan.sql})`;
    const expected = `SELECT ${projection} FROM ${expectedSource}`;
    const expectedCount = await count(expected);
    expect(await count(actual)).toBe(expectedCount);
    expect(await count(`${actual} EXCEPT ALL ${expected}`)).toBe(0);
    expect(await count(`${expected} EXCEPT ALL ${actual}`)).toBe(0);
  });
});

describe('golden data-reader-partition-values', () => {
  it('reads the zone-less partition timestamp as UTC and the text "null" as a string', async () => {
    const table = await open(golden('data-reader-partition-values'));
    const plan = await table.scan();
    const rows = await duckdb.rows(
      `SELECT strftime(as_timestamp, '%Y-%m-%dT%H:%M:%SZ') AS ts, as_string_lit_null AS lit FROM (${plan.sql}) ORDER BY as_int NULLS LAST`,
    );
    expect(rows).toEqual([
      { ts: '2021-09-08T11:11:11Z', lit: 'null' },
      { ts: '2021-09-08T11:11:11Z', lit: 'null' },
      { ts: null, lit: null },
    ]);
  });
});

describe.each(casesOf('snapshot'))('table $table', (entry) => {
  it('has the documented version, live files and rows', async () => {
    const table = await open(entry.table);
    const snapshot = table.snapshot();
    expect(snapshot.version).toBe(entry.version);
    expect(snapshot.files).toHaveLength(entry.files);
    if (entry.rows !== undefined) expect(await rowCount(table)).toBe(entry.rows);
    entry.check?.(snapshot);
  });
});

describe.each(casesOf('unsupported'))('unsupported table $table', (entry) => {
  it('is refused with UnsupportedTableFeatureError naming what it needs', async () => {
    const error = await open(entry.table).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UnsupportedTableFeatureError);
    const refused = error as UnsupportedTableFeatureError;
    expect(refused.operation).toBe('read');
    expect([...refused.features].sort()).toEqual([...entry.features].sort());
    expect(refused.message).toContain(join(CONFORMANCE_ROOT, entry.table));
  });
});

describe.each(casesOf('error'))('must-fail table $table', (entry) => {
  it('fails with a clear error', async () => {
    const error = await open(entry.table).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(entry.error);
    expect((error as Error).message).toMatch(entry.message);
  });
});

describe('data skipping on conformance statistics', () => {
  it('keeps the file whose millisecond-truncated max covers 4.000500 s (timestamp-truncation-stats)', async () => {
    const table = await open('kernel-rs-data/timestamp-truncation-stats');
    const plan = await table.scan({ filter: [{ column: 'ts_col', op: '=', value: '1970-01-01T00:00:04.000500Z' }] });
    expect(plan.files).toHaveLength(1);
    expect(await duckdb.rows(`SELECT id, epoch_us(ts_col) AS us FROM (${plan.sql})`)).toEqual([{ id: 4n, us: 4_000_500n }]);
  });

  it('skips Spark-written files by min/max (data-skipping-partition-and-data-column)', async () => {
    const table = await open(golden('data-skipping-partition-and-data-column'));
    const plan = await table.scan({ filter: [{ column: 'part', op: '=', value: 1 }, { column: 'id', op: '=', value: 0 }] });
    expect(plan.skippedFiles).toBe(3);
    expect(await duckdb.rows(plan.sql)).toEqual([{ part: 1, id: 0 }]);
  });
});

describe('time travel on conformance tables', () => {
  it('reads time-travel-start-start20 at version 0 (ids 0-9) and 1 (ids 0-19)', async () => {
    const first = await open(golden('time-travel-start-start20'), { version: 0 });
    const second = await open(golden('time-travel-start-start20'), { version: 1 });
    const ids = async (table: DeltaTable) =>
      (await duckdb.rows(`SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM (${(await table.scan()).sql})`))[0];
    expect(await ids(first)).toEqual({ lo: 0n, hi: 9n, n: 10n });
    expect(await ids(second)).toEqual({ lo: 0n, hi: 19n, n: 20n });
  });

  it('uses the schema and partitioning of the version travelled to', async () => {
    const schemaChange = await open(golden('time-travel-schema-changes-b'), { version: 0 });
    expect(schemaChange.snapshot().schema.fields.map((field) => field.name)).toEqual(['id']);
    const partitionChange = await open(golden('time-travel-partition-changes-b'), { version: 0 });
    expect(partitionChange.snapshot().partitionColumns).toEqual(['part5']);
    expect(await rowCount(partitionChange)).toBe(10);
  });

  it('cannot load versions of checkpoints_vacuumed older than its first checkpoint', async () => {
    await expect(open('delta-rs/checkpoints_vacuumed', { version: 4 })).rejects.toBeInstanceOf(VersionNotFoundError);
    const atFive = await open('delta-rs/checkpoints_vacuumed', { version: 5 });
    expect(atFive.snapshot().version).toBe(5);
  });

  it('rejects a version beyond the latest', async () => {
    await expect(open('delta-rs/simple_table', { version: 5 })).rejects.toThrow(/latest version is 4/);
  });
});
