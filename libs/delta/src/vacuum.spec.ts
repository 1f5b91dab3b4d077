import { mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VacuumRetentionError } from './delta-errors';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { add, metaData, PROTOCOL, remove, writeCommit } from './test-helpers/hand-made-log';
import { createEventsTable, dataFilesOnDisk, rowMultiset } from './test-helpers/table-fixture';
import { localStore, temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';
import { ORPHAN_MIN_AGE_MS } from './vacuum';

let duckdb: DuckDBSession;
let directory: TemporaryDirectory;

beforeAll(async () => {
  duckdb = await DuckDBSession.create();
});

afterAll(async () => {
  await duckdb.close();
});

beforeEach(async () => {
  directory = await temporaryDirectory('vacuum');
});

afterEach(async () => {
  await directory.remove();
});

const DAY_MS = 86_400_000;

async function fileAged(relative: string, ageMs: number): Promise<void> {
  const path = join(directory.path, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, relative);
  const time = new Date(Date.now() - ageMs);
  await utimes(path, time, time);
}

async function exists(relative: string): Promise<boolean> {
  return stat(join(directory.path, relative)).then(
    () => true,
    () => false,
  );
}

describe('DeltaTable.vacuum', () => {
  it('deletes expired removed files and old orphans, keeping live, recently removed, recent and hidden files', async () => {
    const now = Date.now();
    await writeCommit(directory.path, 0, [PROTOCOL, metaData([['id', 'long'], ['p', 'string']], ['p'])]);
    const inA = { partitionValues: { p: 'a' } };
    await writeCommit(directory.path, 1, [add('p=a/expired.parquet', inA), add('p=a/recently-removed.parquet', inA), add('p=a/live.parquet', inA)]);
    await writeCommit(directory.path, 2, [
      remove('p=a/expired.parquet', { deletionTimestamp: now - 8 * DAY_MS }),
      remove('p=a/recently-removed.parquet', { deletionTimestamp: now - 1 * DAY_MS }),
    ]);
    const old = 10 * DAY_MS;
    for (const file of ['p=a/expired.parquet', 'p=a/recently-removed.parquet', 'p=a/live.parquet', 'p=b/orphan-old.parquet', '_tmp/x.parquet', 'p=a/.hidden.parquet']) {
      await fileAged(file, old);
    }
    await fileAged('p=b/orphan-recent.parquet', 1 * DAY_MS);
    const table = await DeltaTable.open(localStore(directory.path), { duckdb });

    const dryRun = await table.vacuum({ dryRun: true });
    expect(dryRun.files).toEqual([
      { key: 'p=a/expired.parquet', size: 19, reason: 'removed' },
      { key: 'p=b/orphan-old.parquet', size: 22, reason: 'orphan' },
    ]);
    expect(dryRun).toMatchObject({ dryRun: true, version: 2, retentionHours: 168, bytes: 41, filesKept: 3 });
    expect(await exists('p=a/expired.parquet')).toBe(true);

    const result = await table.vacuum();
    expect(result.files.map((file) => file.key)).toEqual(['p=a/expired.parquet', 'p=b/orphan-old.parquet']);
    for (const file of ['p=a/expired.parquet', 'p=b/orphan-old.parquet']) expect(await exists(file)).toBe(false);
    for (const file of ['p=a/recently-removed.parquet', 'p=a/live.parquet', 'p=b/orphan-recent.parquet', '_tmp/x.parquet', 'p=a/.hidden.parquet']) {
      expect(await exists(file)).toBe(true);
    }
    expect(await exists('_delta_log/00000000000000000002.json')).toBe(true);
  });

  it('refuses a retention below delta.deletedFileRetentionDuration unless forced, and never deletes live files', async () => {
    const table = await createEventsTable(localStore(directory.path), duckdb, { 'delta.deletedFileRetentionDuration': 'interval 2 days' });
    await table.append([{ user_id: 'u1', day: '2024-03-01' }]);
    await table.append([{ user_id: 'u2', day: '2024-03-01' }]);
    await table.optimize();
    expect(await dataFilesOnDisk(directory.path)).toHaveLength(3);
    const refused = await table.vacuum({ retentionHours: 24 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(VacuumRetentionError);
    expect((refused as Error).message).toMatch(/retention of 24 h is shorter than the table's delta.deletedFileRetentionDuration \(48 h\)/);
    expect(await table.vacuum()).toMatchObject({ files: [], retentionHours: 48 });

    const forced = await table.vacuum({ retentionHours: 0, force: true });
    expect(forced.files.map((file) => file.reason)).toEqual(['removed', 'removed']);
    expect(await dataFilesOnDisk(directory.path)).toEqual(table.snapshot().files.map((file) => decodeURIComponent(file.add.path)));
    const reopened = await DeltaTable.open(localStore(directory.path), { duckdb });
    expect(await rowMultiset(reopened)).toEqual(['u1|∅|∅|2024-03-01', 'u2|∅|∅|2024-03-01']);
  });

  it('keeps an uncommitted file an hour even with a forced zero retention: a writer may be about to commit it', async () => {
    const table = await createEventsTable(localStore(directory.path), duckdb);
    await table.append([{ user_id: 'u1', day: '2024-03-01' }]);
    await fileAged('day=2024-03-01/being-written.parquet', ORPHAN_MIN_AGE_MS - 60_000);
    await fileAged('day=2024-03-01/crashed-writer.parquet', ORPHAN_MIN_AGE_MS + 60_000);
    const result = await table.vacuum({ retentionHours: 0, force: true });
    expect(result.files).toEqual([{ key: 'day=2024-03-01/crashed-writer.parquet', size: expect.any(Number), reason: 'orphan' }]);
    expect(await exists('day=2024-03-01/being-written.parquet')).toBe(true);
    // When no writer can be running, the caller may say so.
    const now = await table.vacuum({ retentionHours: 0, force: true, orphanMinAgeHours: 0 });
    expect(now.files.map((file) => file.key)).toEqual(['day=2024-03-01/being-written.parquet']);
  });
});
