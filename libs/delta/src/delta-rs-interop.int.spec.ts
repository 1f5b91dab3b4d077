import { join } from 'node:path';
import { deltaReferee, serviceEndpoint, type DeltaReferee, type RefereeColumnType, type RefereeSnapshot } from '@music/test-support';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { localTable, locationsRemovedAfterAll, minioTable, type BackendTable } from './test-helpers/int-backends';
import { BASE_COLUMNS, COLUMNS, EVOLVED_COLUMNS, makeRows, multiset, ourRows, PARTITION_COLUMNS, SCHEMA, type Row } from './test-helpers/interop-table';
import { temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

/**
 * Interop with delta-rs (PyPI deltalake, the referee) on local disk and MinIO: delta-rs reads
 * every version of a table this library wrote (appends, checkpoints, replaceWhere overwrite,
 * DELETE, OPTIMIZE, schema evolution, VACUUM), and this library reads every version of a table
 * delta-rs wrote (with delta-rs checkpoints) and keeps writing to it. Rows are compared as
 * multisets against a model of what each version must hold.
 */

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..', '..');

function refereeRows(snapshot: RefereeSnapshot, columns: readonly string[]): string[] {
  return multiset(snapshot.rows ?? [], columns);
}

describe.each<[string, () => Promise<BackendTable>]>([
  ['local disk', () => localTable('interop')],
  ['MinIO (s3://)', async () => minioTable(await serviceEndpoint('minio', process.env), 'interop')],
])('delta-rs interop on %s', (_name, openBackend) => {
  let referee: DeltaReferee;
  let duckdb: DuckDBSession;
  let cache: TemporaryDirectory;
  const backend = locationsRemovedAfterAll(openBackend);

  beforeAll(async () => {
    referee = await deltaReferee({ cacheDir: join(ROOT, '.cache'), env: process.env });
    duckdb = await DuckDBSession.create();
    cache = await temporaryDirectory('interop-cache');
  });

  afterAll(async () => {
    await duckdb?.close();
    await cache?.remove();
  });

  it('delta-rs reads every version we write: appends, checkpoints, overwrite, DELETE, OPTIMIZE, mergeSchema, VACUUM', async () => {
    const location = await backend();
    const storageOptions = location.refereeStorageOptions ? { storageOptions: location.refereeStorageOptions } : {};
    const table = await DeltaTable.create(
      location.store,
      { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS, properties: { 'delta.checkpointInterval': '3' } },
      { duckdb, cacheDirectory: cache.path },
    );
    const model: Row[][] = [[]];
    const commit = (rows: Row[]) => model.push(rows);
    const latest = () => model.at(-1) as Row[];

    const batches = [makeRows(0, 12), makeRows(12, 9), makeRows(21, 9)];
    for (const batch of batches) {
      await table.append(batch);
      commit([...latest(), ...batch]);
    }
    const replacement = makeRows(100, 9).filter((row) => row['day'] === '2024-03-01');
    expect(await table.overwrite(replacement, { replaceWhere: [{ column: 'day', op: '=', value: '2024-03-01' }] })).toMatchObject({ status: 'committed', version: 4 });
    commit([...latest().filter((row) => row['day'] !== '2024-03-01'), ...replacement]);
    expect(await table.delete([{ column: 'user_id', op: '=', value: 'u1' }])).toMatchObject({ status: 'committed', version: 5 });
    commit(latest().filter((row) => row['user_id'] !== 'u1'));
    expect(await table.optimize()).toMatchObject({ status: 'committed', version: 6 });
    commit([...latest()]);
    const evolved = makeRows(200, 4).map((row, index) => ({ ...row, genre: index % 2 === 0 ? 'jazz' : null }));
    expect(await table.append(evolved, { mergeSchema: true })).toMatchObject({ status: 'committed', version: 7, addedColumns: ['genre'] });
    commit([...latest().map((row) => ({ ...row, genre: null })), ...evolved]);
    const logKeys = (await location.store.list('_delta_log/')).map((meta) => meta.key);
    expect(logKeys).toEqual(expect.arrayContaining(['_delta_log/00000000000000000003.checkpoint.parquet', '_delta_log/00000000000000000006.checkpoint.parquet']));

    const versions = await referee.readVersions(location.refereeUri, { rows: true, ...storageOptions });
    expect(versions.map((snapshot) => snapshot.version)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const snapshot of versions) {
      const columns = snapshot.version === 7 ? EVOLVED_COLUMNS : BASE_COLUMNS;
      expect({ version: snapshot.version, rows: refereeRows(snapshot, columns) }).toEqual({ version: snapshot.version, rows: multiset(model[snapshot.version] ?? [], columns) });
      expect({ version: snapshot.version, rows: await ourRows(table, columns, snapshot.version) }).toEqual({ version: snapshot.version, rows: refereeRows(snapshot, columns) });
    }
    const last = versions[7] as RefereeSnapshot;
    expect(last.partition_columns).toEqual(PARTITION_COLUMNS);
    expect(last.schema.map((field) => [field.name, field.type, field.nullable])).toEqual([
      ...SCHEMA.fields.map((field) => [field.name, `PrimitiveType("${String(field.type)}")`, field.nullable]),
      ['genre', 'PrimitiveType("string")', true],
    ]);
    expect(last.protocol).toEqual({ min_reader_version: 1, min_writer_version: 2 });
    const ourFiles = table.snapshot().files.map((file) => ({
      path: decodeURIComponent(file.add.path),
      records: file.stats?.numRecords,
      partition: { day: file.add.partitionValues['day'], country: file.add.partitionValues['country'] },
    }));
    const theirFiles = (last.add_actions ?? []).map((add) => ({
      path: decodeURIComponent(add.path),
      records: add.num_records,
      partition: { day: add.partition?.['day'] ?? null, country: add.partition?.['country'] ?? null },
    }));
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect(theirFiles.sort(byPath)).toEqual(ourFiles.sort(byPath));

    // VACUUM: delta-rs and this library agree on what to delete, an orphan of a crashed writer included.
    const orphan = 'day=2024-03-01/country=FR/part-00000-orphan-of-a-crashed-writer.parquet';
    await location.store.put(orphan, Buffer.from('never committed'));
    const theirPlan = await referee.vacuum(location.refereeUri, { retentionHours: 0, enforceRetention: false, dryRun: true, full: true, ...storageOptions });
    // No writer runs: uncommitted files go at once, as delta-rs does.
    const ourPlan = await table.vacuum({ retentionHours: 0, force: true, dryRun: true, orphanMinAgeHours: 0 });
    // delta-rs lists store keys (not URI-encoded), like ours.
    const relative = (path: string) => path.replace(/^.*?(day=[^/]+\/[^/]+\/[^/]+)$/, '$1');
    expect(theirPlan.files.map(relative).sort()).toEqual(ourPlan.files.map((file) => file.key).sort());
    expect(ourPlan.files.filter((file) => file.reason === 'orphan')).toEqual([{ key: orphan, size: 15, reason: 'orphan' }]);
    expect(ourPlan.files.filter((file) => file.reason === 'removed').length).toBeGreaterThan(0);
    const vacuumed = await table.vacuum({ retentionHours: 0, force: true, orphanMinAgeHours: 0 });
    expect(vacuumed.files).toEqual(ourPlan.files);
    // delta-rs still lists its expired tombstones (whether present or not); none of them is left in the store.
    const remaining = await referee.vacuum(location.refereeUri, { retentionHours: 0, enforceRetention: false, dryRun: true, full: true, ...storageOptions });
    expect(remaining.files.map(relative).sort()).toEqual(ourPlan.files.filter((file) => file.reason === 'removed').map((file) => file.key).sort());
    expect(await Promise.all(ourPlan.files.map((file) => location.store.head(file.key)))).toEqual(ourPlan.files.map(() => undefined));
    const afterVacuum = await referee.read(location.refereeUri, { rows: true, ...storageOptions });
    expect(refereeRows(afterVacuum, EVOLVED_COLUMNS)).toEqual(multiset(latest(), EVOLVED_COLUMNS));
  });

  it('we read every version delta-rs writes (with its checkpoints), then keep writing to the table', async () => {
    const location = await backend();
    const storageOptions = location.refereeStorageOptions ? { storageOptions: location.refereeStorageOptions } : {};
    const write = (rows: Row[], extra: { mode?: 'append' | 'overwrite'; predicate?: string; schemaMode?: 'merge'; columns?: [string, RefereeColumnType][] } = {}) =>
      referee.write(location.refereeUri, rows, {
        schema: extra.columns ?? COLUMNS,
        partitionBy: PARTITION_COLUMNS,
        ...(extra.mode ? { mode: extra.mode } : {}),
        ...(extra.predicate ? { predicate: extra.predicate } : {}),
        ...(extra.schemaMode ? { schemaMode: extra.schemaMode } : {}),
        ...storageOptions,
      });
    const model: Row[][] = [];
    const latest = () => model.at(-1) ?? [];

    const first = makeRows(0, 12);
    await write(first);
    model.push(first);
    const second = makeRows(12, 9);
    await write(second);
    model.push([...latest(), ...second]);
    const replacement = makeRows(100, 9).filter((row) => row['day'] === '2024-03-01');
    await write(replacement, { mode: 'overwrite', predicate: "day = '2024-03-01'" });
    model.push([...latest().filter((row) => row['day'] !== '2024-03-01'), ...replacement]);
    const third = makeRows(21, 9);
    await write(third);
    model.push([...latest(), ...third]);
    expect(await referee.checkpoint(location.refereeUri, storageOptions)).toEqual({ version: 3 });
    await referee.delete(location.refereeUri, "user_id = 'u1'", storageOptions);
    model.push(latest().filter((row) => row['user_id'] !== 'u1'));
    await referee.optimize(location.refereeUri, storageOptions);
    model.push([...latest()]);
    const evolved = makeRows(200, 4).map((row, index) => ({ ...row, genre: index % 2 === 0 ? 'rock' : null }));
    await write(evolved, { schemaMode: 'merge', columns: [...COLUMNS, ['genre', 'string']] });
    model.push([...latest().map((row) => ({ ...row, genre: null })), ...evolved]);
    expect(await referee.checkpoint(location.refereeUri, storageOptions)).toEqual({ version: 6 });

    const table = await DeltaTable.open(location.store, { duckdb, cacheDirectory: cache.path });
    expect(table.snapshot().version).toBe(6);
    expect(table.snapshot().partitionColumns).toEqual(PARTITION_COLUMNS);
    expect(table.snapshot().schema.fields.map((field) => [field.name, field.type])).toEqual([...COLUMNS, ['genre', 'string']]);
    for (let version = 0; version <= 6; version++) {
      const columns = version === 6 ? EVOLVED_COLUMNS : BASE_COLUMNS;
      expect({ version, rows: await ourRows(table, columns, version) }).toEqual({ version, rows: multiset(model[version] ?? [], columns) });
    }

    // Our writes on the delta-rs table, read back by delta-rs.
    const ours = makeRows(300, 6).map((row) => ({ ...row, genre: 'ours' }));
    expect(await table.append(ours)).toMatchObject({ status: 'committed', version: 7 });
    model.push([...latest(), ...ours]);
    expect(await table.delete([{ column: 'day', op: '=', value: '2024-03-02' }])).toMatchObject({ status: 'committed', version: 8 });
    model.push(latest().filter((row) => row['day'] !== '2024-03-02'));
    const theirs = await referee.readVersions(location.refereeUri, { first: 7, rows: true, ...storageOptions });
    expect(theirs.map((snapshot) => ({ version: snapshot.version, rows: refereeRows(snapshot, EVOLVED_COLUMNS) }))).toEqual([
      { version: 7, rows: multiset(model[7] ?? [], EVOLVED_COLUMNS) },
      { version: 8, rows: multiset(model[8] ?? [], EVOLVED_COLUMNS) },
    ]);
  });
  it('delta.dataSkippingStatsColumns: delta-rs reads our table, and neither writer puts the left-out columns in the log', async () => {
    const location = await backend();
    const storageOptions = location.refereeStorageOptions ? { storageOptions: location.refereeStorageOptions } : {};
    const properties = { 'delta.dataSkippingStatsColumns': 'id,score' };
    const table = await DeltaTable.create(location.store, { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS, properties }, { duckdb, cacheDirectory: cache.path });
    const ours = makeRows(0, 12);
    await table.append(ours);
    const theirs = makeRows(50, 6);
    await referee.write(location.refereeUri, theirs, { schema: COLUMNS, partitionBy: PARTITION_COLUMNS, mode: 'append', ...storageOptions });
    const snapshot = await referee.read(location.refereeUri, { rows: true, ...storageOptions });
    expect(snapshot.version).toBe(2);
    expect(refereeRows(snapshot, BASE_COLUMNS)).toEqual(multiset([...ours, ...theirs], BASE_COLUMNS));
    expect(await ourRows(await DeltaTable.open(location.store, { duckdb, cacheDirectory: cache.path }), BASE_COLUMNS)).toEqual(multiset([...ours, ...theirs], BASE_COLUMNS));
    const statsColumns = new Set<string>();
    for (const add of snapshot.add_actions ?? []) for (const bounds of [add.min, add.max]) for (const column of Object.keys(bounds ?? {})) statsColumns.add(column);
    expect([...statsColumns].sort()).toEqual(['id', 'score']);
    for (const version of [1, 2]) {
      const commit = Buffer.from(await location.store.get(`_delta_log/${String(version).padStart(20, '0')}.json`)).toString('utf8');
      expect({ version, namesUser: /"u[012]"/.test(commit) }).toEqual({ version, namesUser: false });
    }
    await table.close();
  });

  it('table properties: delta-rs reads and keeps the ones we set, and we read and honour the ones it sets', async () => {
    const location = await backend();
    const storageOptions = location.refereeStorageOptions ? { storageOptions: location.refereeStorageOptions } : {};
    const table = await DeltaTable.create(location.store, { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS }, { duckdb, cacheDirectory: cache.path });
    const first = makeRows(0, 6);
    await table.append(first);
    const ours = { 'delta.logRetentionDuration': 'interval 7 days', 'delta.dataSkippingStatsColumns': 'id,score' };
    expect(await table.setProperties(ours)).toMatchObject({ status: 'committed', version: 2 });
    const second = makeRows(20, 6);
    await table.append(second);

    const read = await referee.read(location.refereeUri, { rows: true, ...storageOptions });
    expect({ version: read.version, configuration: read.configuration }).toEqual({ version: 3, configuration: ours });
    expect(refereeRows(read, BASE_COLUMNS)).toEqual(multiset([...first, ...second], BASE_COLUMNS));

    expect(await referee.setProperties(location.refereeUri, { 'delta.checkpointInterval': '5', owner: 'data-team' }, storageOptions)).toEqual({ version: 4 });
    await table.refresh();
    expect(table.snapshot().configuration).toEqual({ ...ours, 'delta.checkpointInterval': '5', owner: 'data-team' });
    // delta-rs's interval: our append at version 5 writes a checkpoint, which delta-rs then reads.
    const third = makeRows(40, 6);
    expect((await table.append(third)).checkpoint).toMatchObject({ status: 'written' });
    const afterCheckpoint = await referee.read(location.refereeUri, { rows: true, ...storageOptions });
    expect(afterCheckpoint.version).toBe(5);
    expect(afterCheckpoint.configuration).toEqual({ ...ours, 'delta.checkpointInterval': '5', owner: 'data-team' });
    expect(refereeRows(afterCheckpoint, BASE_COLUMNS)).toEqual(multiset([...first, ...second, ...third], BASE_COLUMNS));
    await table.close();
  });

  it('after our expired log cleanup delta-rs reads the latest version and every version kept, and not the ones before', async () => {
    const location = await backend();
    const storageOptions = location.refereeStorageOptions ? { storageOptions: location.refereeStorageOptions } : {};
    const table = await DeltaTable.create(
      location.store,
      { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS, properties: { 'delta.checkpointInterval': '4' } },
      { duckdb, cacheDirectory: cache.path },
    );
    const model: Row[][] = [[]];
    for (let version = 1; version <= 10; version++) {
      const rows = makeRows(version * 10, 3);
      await table.append(rows);
      model.push([...(model.at(-1) ?? []), ...rows]);
    }
    // Retention 0: every commit is past it, so only the latest checkpoint (8) and what follows stay.
    const cleaned = await table.cleanupLog({ retentionHours: 0 });
    expect(cleaned.oldestKeptVersion).toBe(8);
    expect([...new Set(cleaned.files.map((file) => file.version))]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    const theirs = await referee.readVersions(location.refereeUri, { first: 8, rows: true, ...storageOptions });
    expect(theirs.map((snapshot) => ({ version: snapshot.version, rows: refereeRows(snapshot, BASE_COLUMNS) }))).toEqual(
      [8, 9, 10].map((version) => ({ version, rows: multiset(model[version] ?? [], BASE_COLUMNS) })),
    );
    await expect(referee.read(location.refereeUri, { version: 7, ...storageOptions })).rejects.toThrow(/delta-rs referee read .* failed/);
    const reopened = await DeltaTable.open(location.store, { duckdb, cacheDirectory: cache.path });
    expect(await ourRows(reopened, BASE_COLUMNS)).toEqual(multiset(model[10] ?? [], BASE_COLUMNS));
    await table.close();
  });
});
