import { join } from 'node:path';
import { DeltaTable } from './delta-table';
import { add, metaData, PROTOCOL, remove, txn, writeCommit } from './test-helpers/hand-made-log';
import { tableTestSetup } from './test-helpers/table-test-setup';

const SPARK_CHECKPOINT = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'delta-conformance',
  'delta-rs',
  'simple_table_with_checkpoint',
  '_delta_log',
  '00000000000000000010.checkpoint.parquet',
);

const setup = tableTestSetup('checkpoint');

async function parquetColumns(path: string): Promise<Record<string, string>> {
  const rows = await setup.duckdb.rows(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
  return Object.fromEntries(rows.map((row) => [String(row['column_name']), String(row['column_type'])]));
}

describe('checkpoint writer', () => {
  it('writes the V1 checkpoint columns with the same types as a Spark checkpoint', async () => {
    await writeCommit(setup.directory.path, 0, [PROTOCOL, metaData([['id', 'long']]), add('a', { stats: '{"numRecords":1}', tags: { k: 'v' } }), txn('app', 3)]);
    await writeCommit(setup.directory.path, 1, [remove('a', { extendedFileMetadata: true, partitionValues: {}, size: 1 }), add('b')]);
    const written = await (await DeltaTable.open(setup.store(), { duckdb: setup.duckdb })).checkpoint();
    expect(written).toMatchObject({ version: 1, actions: 5, addFiles: 1 });
    const ours = await parquetColumns(join(setup.directory.path, written.key));
    const spark = await parquetColumns(SPARK_CHECKPOINT);
    for (const column of ['txn', 'add', 'metaData', 'protocol']) {
      expect(`${column}: ${ours[column]}`).toBe(`${column}: ${spark[column]}`);
    }
    // This (older) Spark checkpoint still had remove.tags; the protocol now leaves tags out of checkpoint removes.
    expect(ours['remove']).toBe(spark['remove']?.replace(', tags MAP(VARCHAR, VARCHAR)', ''));
    const rows = await setup.duckdb.rows(
      `SELECT "add".path AS path, "add".stats AS stats, "add".tags['k'] AS tag, "remove".path AS removed, txn.version AS txn FROM read_parquet('${join(setup.directory.path, written.key)}')`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { path: 'b', stats: null, tag: null, removed: null, txn: null },
        { path: null, stats: null, tag: null, removed: 'a', txn: null },
        { path: null, stats: null, tag: null, removed: null, txn: 3n },
      ]),
    );
  });

  it('drops tombstones older than delta.deletedFileRetentionDuration', async () => {
    const now = Date.now();
    await writeCommit(setup.directory.path, 0, [PROTOCOL, metaData([['id', 'long']], [], { 'delta.deletedFileRetentionDuration': 'interval 1 days' }), add('old'), add('recent')]);
    await writeCommit(setup.directory.path, 1, [remove('old', { deletionTimestamp: now - 2 * 86_400_000 }), remove('recent', { deletionTimestamp: now - 3_600_000 })]);
    const written = await (await DeltaTable.open(setup.store(), { duckdb: setup.duckdb })).checkpoint();
    const removes = (await setup.duckdb.rows(`SELECT "remove".path AS path FROM read_parquet('${join(setup.directory.path, written.key)}') WHERE "remove" IS NOT NULL`)).map(
      (row) => row['path'],
    );
    expect(removes).toEqual(['recent']);
  });
});
