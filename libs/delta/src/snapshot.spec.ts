import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore } from '@music/storage';
import { InvalidDeltaLogError, VersionNotFoundError } from './delta-errors';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { add, metaData, PROTOCOL, remove, txn, writeCommit } from './test-helpers/hand-made-log';
import { localStore, temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

let duckdb: DuckDBSession;
let directory: TemporaryDirectory;

beforeAll(async () => {
  duckdb = await DuckDBSession.create();
});

afterAll(async () => {
  await duckdb.close();
});

beforeEach(async () => {
  directory = await temporaryDirectory('replay');
});

afterEach(async () => {
  await directory.remove();
});

const FIELDS: [string, string][] = [
  ['id', 'long'],
  ['day', 'date'],
];

function open(store: ObjectStore = localStore(directory.path), version?: number): Promise<DeltaTable> {
  return DeltaTable.open(store, { duckdb, ...(version === undefined ? {} : { version }) });
}

function livePaths(table: DeltaTable): string[] {
  return table.snapshot().files.map((file) => file.add.path).sort();
}

function logPath(name: string): string {
  return join(directory.path, '_delta_log', name);
}

describe('log replay', () => {
  it('keeps the latest action per file: add, remove, re-add', async () => {
    await writeCommit(directory.path, 0, [PROTOCOL, metaData(FIELDS), add('a', { modificationTime: 1 }), add('b')]);
    await writeCommit(directory.path, 1, [remove('a'), add('c')]);
    await writeCommit(directory.path, 2, [add('a', { modificationTime: 2 }), remove('c')]);
    const table = await open();
    expect(table.snapshot().version).toBe(2);
    expect(livePaths(table)).toEqual(['a', 'b']);
    expect(table.snapshot().files.find((file) => file.add.path === 'a')?.add.modificationTime).toBe(2);
    expect(table.snapshot().tombstones.map((tombstone) => tombstone.path)).toEqual(['c']);
    expect(livePaths(await open(undefined, 1))).toEqual(['b', 'c']);
  });

  it('matches paths after URI decoding and qualification (file:, file:///, relative)', async () => {
    const absolute = join(directory.path, 'dir with space', 'p@#h.parquet');
    const encoded = encodeURI(absolute).replaceAll('#', '%23');
    await writeCommit(directory.path, 0, [
      PROTOCOL,
      metaData(FIELDS),
      add('dir%20with%20space/p@%23h.parquet'),
      add('x%2Dy.parquet'),
      add('kept.parquet'),
    ]);
    await writeCommit(directory.path, 1, [remove(`file:${encoded}`), remove(`file://${join(directory.path, 'x-y.parquet')}`)]);
    const table = await open();
    expect(livePaths(table)).toEqual(['kept.parquet']);
    expect(table.snapshot().files[0]?.location).toEqual({ kind: 'table', key: 'kept.parquet', uri: `file://${join(directory.path, 'kept.parquet')}` });
  });

  it('reads data files outside the table root given as absolute file: URIs', async () => {
    const outside = await temporaryDirectory('outside');
    try {
      const file = join(outside.path, 'odd #name.parquet');
      await duckdb.run(`COPY (SELECT 7::BIGINT AS id) TO '${file}' (FORMAT parquet)`);
      await writeCommit(directory.path, 0, [PROTOCOL, metaData([['id', 'long']]), add(`file://${encodeURI(file).replaceAll('#', '%23')}`)]);
      const table = await open();
      expect(table.snapshot().files[0]?.location).toEqual({ kind: 'external', uri: `file://${file}` });
      expect(await duckdb.rows((await table.scan()).sql)).toEqual([{ id: 7n }]);
    } finally {
      await outside.remove();
    }
  });

  it('keeps the latest protocol, metadata and txn per appId, and ignores unknown and cdc actions', async () => {
    await writeCommit(directory.path, 0, [PROTOCOL, metaData([['id', 'long']]), txn('app', 5), txn('other', 1)]);
    await writeCommit(directory.path, 1, [
      metaData(FIELDS, [], { owner: 'me' }),
      txn('app', 3),
      { cdc: { path: '_change_data/c.parquet', partitionValues: {}, size: 1, dataChange: false } },
      { futureAction: { anything: true } },
      { domainMetadata: { domain: 'user.a', configuration: '{}', removed: false } },
      { domainMetadata: { domain: 'user.b', configuration: '{"x":1}', removed: false } },
    ]);
    await writeCommit(directory.path, 2, [{ domainMetadata: { domain: 'user.a', configuration: '{}', removed: true } }]);
    const snapshot = (await open()).snapshot();
    expect(snapshot.schema.fields.map((field) => field.name)).toEqual(['id', 'day']);
    expect(snapshot.configuration).toEqual({ owner: 'me' });
    expect(Object.fromEntries([...snapshot.txns].map(([appId, action]) => [appId, action.version]))).toEqual({ app: 3, other: 1 });
    expect([...snapshot.domainMetadata.keys()]).toEqual(['user.b']);
    expect(snapshot.files).toEqual([]);
  });

  it('parses partition values with the schema types', async () => {
    await writeCommit(directory.path, 0, [
      PROTOCOL,
      metaData(FIELDS, ['day']),
      add('day=2024-01-02/f.parquet', { partitionValues: { day: '2024-01-02' } }),
      add('day=__HIVE_DEFAULT_PARTITION__/g.parquet', { partitionValues: { day: null } }),
    ]);
    const byPath = new Map((await open()).snapshot().files.map((file) => [file.add.path, file.partitionValues]));
    expect(byPath.get('day=2024-01-02/f.parquet')).toEqual({ day: 19_724 });
    expect(byPath.get('day=__HIVE_DEFAULT_PARTITION__/g.parquet')).toEqual({ day: null });
  });

  it.each([
    ['an unparsable line', ['{"add": {"path": "a"'], /00000000000000000001\.json: line 1: not valid JSON/],
    ['an add without size', [add('a', { size: 'big' })], /00000000000000000001\.json: line 1: add\.size: .*expected number/],
    ['two metaData actions', [metaData(FIELDS), metaData(FIELDS)], /00000000000000000001\.json: more than one metaData action/],
    ['two actions on one line', [{ ...add('a'), ...remove('b') }], /one action per line expected, found add, remove/],
    ['a partition value of the wrong type', [add('a', { partitionValues: { day: 'yesterday' } })], /00000000000000000001\.json: add a: partition column day: "yesterday" is not a valid date value/],
  ])('fails on %s naming the file', async (_case, actions, message) => {
    await writeCommit(directory.path, 0, [PROTOCOL, metaData(FIELDS, ['day'])]);
    await writeCommit(directory.path, 1, actions);
    const error = await open().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidDeltaLogError);
    expect((error as Error).message).toMatch(message);
  });

  it('reports a gap in the versions and a version that was cleaned up', async () => {
    await writeCommit(directory.path, 0, [PROTOCOL, metaData(FIELDS)]);
    await writeCommit(directory.path, 1, [add('a')]);
    await writeCommit(directory.path, 3, [add('b')]);
    await expect(open()).rejects.toThrow(/00000000000000000002\.json: missing commit: versions are not contiguous \(1 is followed by 3\)/);
    expect((await open(undefined, 1)).snapshot().version).toBe(1);
    await rm(logPath('00000000000000000000.json'));
    await expect(open(undefined, 1)).rejects.toBeInstanceOf(VersionNotFoundError);
  });
});

describe('checkpoints and _last_checkpoint', () => {
  async function tableWithCheckpointAt(version: number, commitsAfter: number): Promise<void> {
    await writeCommit(directory.path, 0, [PROTOCOL, metaData(FIELDS), add('f0')]);
    for (let next = 1; next <= version; next++) await writeCommit(directory.path, next, [add(`f${next}`)]);
    await (await open()).checkpoint();
    for (let next = version + 1; next <= version + commitsAfter; next++) await writeCommit(directory.path, next, [add(`f${next}`), remove(`f${next - 1}`)]);
  }

  /** Live files at `version` of a table made by tableWithCheckpointAt(checkpointVersion, …). */
  function expectedLive(version: number, checkpointVersion: number): string[] {
    if (version === checkpointVersion) return Array.from({ length: version + 1 }, (_, index) => `f${index}`).sort();
    return [...Array.from({ length: checkpointVersion }, (_, index) => `f${index}`), `f${version}`].sort();
  }

  it.each([
    ['an empty file', ''],
    ['broken JSON', '{"version": 2,'],
    ['a wrong checksum', '{"version":2,"size":5,"checksum":"00000000000000000000000000000000"}'],
    ['a version with no checkpoint', '{"version":1,"size":3}'],
  ])('falls back to listing when _last_checkpoint holds %s', async (_case, content) => {
    await tableWithCheckpointAt(2, 2);
    await writeFile(logPath('_last_checkpoint'), content);
    const table = await open();
    expect(table.snapshot().version).toBe(4);
    expect(livePaths(table)).toEqual(expectedLive(4, 2));
  });

  it('ignores a multi-part checkpoint with a missing part', async () => {
    await tableWithCheckpointAt(2, 1);
    await rename(logPath('00000000000000000002.checkpoint.parquet'), logPath('00000000000000000002.checkpoint.0000000001.0000000002.parquet'));
    await rm(logPath('_last_checkpoint'));
    expect(livePaths(await open())).toEqual(expectedLive(3, 2));
    // With the commits gone, the incomplete checkpoint cannot stand in for them.
    await rm(logPath('00000000000000000001.json'));
    await expect(open()).rejects.toBeInstanceOf(InvalidDeltaLogError);
  });

  it('reads a complete multi-part checkpoint', async () => {
    await tableWithCheckpointAt(2, 0);
    const classic = logPath('00000000000000000002.checkpoint.parquet');
    const part = (index: number) => logPath(`00000000000000000002.checkpoint.000000000${index}.0000000002.parquet`);
    await duckdb.run(`COPY (SELECT * FROM read_parquet('${classic}') WHERE "add" IS NULL) TO '${part(1)}' (FORMAT parquet)`);
    await duckdb.run(`COPY (SELECT * FROM read_parquet('${classic}') WHERE "add" IS NOT NULL) TO '${part(2)}' (FORMAT parquet)`);
    await rm(classic);
    for (const version of [0, 1]) await rm(logPath(`0000000000000000000${version}.json`));
    expect(livePaths(await open())).toEqual(expectedLive(2, 2));
  });

  /** The store of the table, recording the prefixes it is asked to list. */
  function listingSpy(prefixes: string[]): ObjectStore {
    const inner = localStore(directory.path);
    return Object.assign(Object.create(inner) as ObjectStore, {
      uri: inner.uri,
      list: (prefix: string) => {
        prefixes.push(prefix);
        return inner.list(prefix);
      },
    });
  }

  it('finds the _last_checkpoint checkpoint and a few commits after it without listing', async () => {
    await tableWithCheckpointAt(150, 55);
    const prefixes: string[] = [];
    const table = await open(listingSpy(prefixes));
    expect(table.snapshot().version).toBe(205);
    expect(livePaths(table)).toEqual(expectedLive(205, 150));
    expect(prefixes).toEqual([]);
  });

  it('lists only from the _last_checkpoint version on, 100 versions per prefix, when many commits follow it', async () => {
    await tableWithCheckpointAt(150, 130);
    const prefixes: string[] = [];
    const table = await open(listingSpy(prefixes));
    expect(table.snapshot().version).toBe(280);
    expect(livePaths(table)).toEqual(expectedLive(280, 150));
    expect(prefixes).toEqual(['_delta_log/000000000000000001', '_delta_log/000000000000000002']);
  });

  it('prefers the newest complete checkpoint over a stale _last_checkpoint', async () => {
    await tableWithCheckpointAt(2, 2);
    const stale = await readFile(logPath('_last_checkpoint'), 'utf8');
    await (await open()).checkpoint();
    await writeFile(logPath('_last_checkpoint'), stale);
    // Checkpoint 2 is still there but the commits after it are not: only checkpoint 4 can work.
    for (const version of [0, 1, 2, 3]) await rm(logPath(`0000000000000000000${version}.json`));
    expect(livePaths(await open())).toEqual(expectedLive(4, 2));
  });
});
