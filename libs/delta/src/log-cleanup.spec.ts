import { readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { VersionNotFoundError } from './delta-errors';
import { DeltaTable } from './delta-table';
import { EVENTS_SCHEMA, rowMultiset } from './test-helpers/table-fixture';
import { localStore, temporaryDirectory } from './test-helpers/temporary-stores';
import { tableTestSetup } from './test-helpers/table-test-setup';

const setup = tableTestSetup('log-cleanup');

const DAY_MS = 86_400_000;
const logDirectory = () => join(setup.directory.path, '_delta_log');
const logFiles = async () => (await readdir(logDirectory())).filter((name) => /^\d{20}\./.test(name)).sort();
const versionOf = (name: string) => Number(name.slice(0, 20));

/** A table of versions 0…`last`, one row per append, checkpoints every 10 versions. */
async function tableWithVersions(last: number, properties: Record<string, string> = {}): Promise<DeltaTable> {
  const table = await DeltaTable.create(setup.store(), { schema: EVENTS_SCHEMA, partitionColumns: ['day'], properties }, { duckdb: setup.duckdb, checkpointInterval: 10 });
  for (let version = 1; version <= last; version++) {
    await table.append([{ user_id: `u${version}`, track: 't', seconds: version, day: '2024-03-01' }]);
  }
  return table;
}

/** Sets the modification time of the log files of versions `from`…`to` to `ageMs` ago. */
async function ageLog(from: number, to: number, ageMs: number): Promise<void> {
  const time = new Date(Date.now() - ageMs);
  for (const name of await logFiles()) {
    const version = versionOf(name);
    if (version >= from && version <= to) await utimes(join(logDirectory(), name), time, time);
  }
}

describe('DeltaTable.cleanupLog', () => {
  it('keeps the newest checkpoint below the oldest version within the retention, and everything after it', async () => {
    const table = await tableWithVersions(24);
    await ageLog(0, 14, 40 * DAY_MS);
    await ageLog(15, 24, 1 * DAY_MS);
    const before = { latest: await rowMultiset(table), at10: await rowMultiset(table, 10), at17: await rowMultiset(table, 17) };

    const result = await table.cleanupLog();

    expect(result).toMatchObject({ dryRun: false, retentionHours: 30 * 24, oldestKeptVersion: 10 });
    expect(result.files.map((file) => file.version)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.bytes).toBe(result.files.reduce((total, file) => total + file.size, 0));
    expect((await logFiles()).map(versionOf)[0]).toBe(10);
    expect(await logFiles()).toContain(`${String(10).padStart(20, '0')}.checkpoint.parquet`);

    const reopened = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    expect(reopened.snapshot().version).toBe(24);
    expect(await rowMultiset(reopened)).toEqual(before.latest);
    expect(await rowMultiset(reopened, 10)).toEqual(before.at10);
    expect(await rowMultiset(reopened, 17)).toEqual(before.at17);
    await expect(reopened.snapshotAt({ version: 9 })).rejects.toThrow(VersionNotFoundError);
    // Time travel by timestamp within the retention still finds its version.
    expect((await reopened.snapshotAt({ timestamp: Date.now() - DAY_MS / 2 })).version).toBe(24);
    await expect(reopened.snapshotAt({ timestamp: Date.now() - 50 * DAY_MS })).rejects.toThrow(VersionNotFoundError);
    await reopened.close();
  });

  it('keeps only the latest checkpoint and its followers when every commit is past the retention', async () => {
    const table = await tableWithVersions(24);
    await ageLog(0, 24, 40 * DAY_MS);
    const latest = await rowMultiset(table);

    const result = await table.cleanupLog();

    expect(result.oldestKeptVersion).toBe(20);
    expect(new Set(result.files.map((file) => file.version))).toEqual(new Set(Array.from({ length: 20 }, (_, version) => version)));
    expect(result.files.map((file) => file.key)).toContain(`_delta_log/${String(10).padStart(20, '0')}.checkpoint.parquet`);
    expect((await logFiles()).map(versionOf)).toEqual([20, 20, 21, 22, 23, 24]);
    const reopened = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    expect(await rowMultiset(reopened)).toEqual(latest);
    // The table keeps working: new commits, and the next cleanup finds nothing more.
    await reopened.append([{ user_id: 'after', track: 't', seconds: 1, day: '2024-03-02' }]);
    expect((await reopened.cleanupLog()).files).toEqual([]);
    await reopened.close();
  });

  it('a reader or writer left behind the cleaned-up versions moves to the latest one instead of staying there', async () => {
    const table = await tableWithVersions(3);
    const reader = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const late = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const writer = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb, checkpointInterval: 10 });
    for (let version = 4; version <= 24; version++) await writer.append([{ user_id: `u${version}`, track: 't', seconds: version, day: '2024-03-01' }]);
    await ageLog(0, 24, 40 * DAY_MS);
    expect((await table.cleanupLog()).oldestKeptVersion).toBe(20);
    expect([reader.snapshot().version, late.snapshot().version]).toEqual([3, 3]);

    expect((await reader.refresh()).version).toBe(24);
    expect(await rowMultiset(reader)).toEqual(await rowMultiset(writer));
    // A writer whose snapshot predates the cleanup commits after the latest version, never at a cleaned one.
    expect(await late.append([{ user_id: 'late', track: 't', seconds: 0, day: '2024-03-01' }])).toMatchObject({ status: 'committed', version: 25 });
    expect((await logFiles()).map(versionOf)).not.toContain(4);
    expect(await rowMultiset(late)).toHaveLength(25);
    await Promise.all([table, reader, late, writer].map((opened) => opened.close()));
  });

  it('keeps a log file below the kept checkpoint that was written within the retention', async () => {
    const table = await tableWithVersions(24);
    await ageLog(0, 24, 40 * DAY_MS);
    await ageLog(5, 5, DAY_MS);
    const result = await table.cleanupLog();
    expect(result.files.map((file) => file.version)).not.toContain(5);
    expect((await logFiles()).map(versionOf)).toContain(5);
    await table.close();
  });

  it('honours a retention given in hours, and a dry run deletes nothing', async () => {
    const table = await tableWithVersions(12);
    await ageLog(0, 12, 3 * 3_600_000);
    const before = await logFiles();

    expect((await table.cleanupLog()).files).toEqual([]);
    const dry = await table.cleanupLog({ retentionHours: 2, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, retentionHours: 2, oldestKeptVersion: 10 });
    expect(dry.files.map((file) => file.version)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await logFiles()).toEqual(before);

    expect((await table.cleanupLog({ retentionHours: 2 })).files).toHaveLength(10);
    expect((await logFiles()).map(versionOf)[0]).toBe(10);
    await expect(table.cleanupLog({ retentionHours: -1 })).rejects.toThrow(/retentionHours must be ≥ 0, got -1/);
    await table.close();
  });

  it('deletes nothing without a checkpoint to start from, or when the table turns cleanup off', async () => {
    const noCheckpoint = await tableWithVersions(8);
    await ageLog(0, 8, 40 * DAY_MS);
    const result = await noCheckpoint.cleanupLog();
    expect(result).toMatchObject({ files: [], oldestKeptVersion: undefined, skipped: 'no checkpoint at or below version 8, the oldest version within the retention' });
    expect(await logFiles()).toHaveLength(9);
    await noCheckpoint.close();
    await setup.directory.remove();

    setup.directory = await temporaryDirectory('log-cleanup-off');
    const off = await tableWithVersions(12, { 'delta.enableExpiredLogCleanup': 'false', 'delta.logRetentionDuration': 'interval 1 hours' });
    await ageLog(0, 12, 40 * DAY_MS);
    expect(await off.cleanupLog()).toMatchObject({ files: [], skipped: 'delta.enableExpiredLogCleanup is false' });
    expect(await logFiles()).toHaveLength(14);
    await off.close();
  });

  it('reads the retention from delta.logRetentionDuration, and refuses invalid values at creation', async () => {
    const table = await tableWithVersions(12, { 'delta.logRetentionDuration': 'interval 2 hours' });
    await ageLog(0, 12, 3 * 3_600_000);
    const result = await table.cleanupLog();
    expect(result).toMatchObject({ retentionHours: 2, oldestKeptVersion: 10 });
    expect(result.files).toHaveLength(10);
    await table.close();

    const invalid = [
      [{ 'delta.enableExpiredLogCleanup': 'no' }, 'table property delta.enableExpiredLogCleanup="no": expected "true" or "false"'],
      [{ 'delta.logRetentionDuration': 'a month' }, 'table property delta.logRetentionDuration="a month": expected an interval such as "interval 30 days"'],
    ] as const;
    for (const [properties, message] of invalid) {
      const other = await temporaryDirectory('log-cleanup-invalid');
      await expect(DeltaTable.create(localStore(other.path), { schema: EVENTS_SCHEMA, partitionColumns: [], properties }, { duckdb: setup.duckdb })).rejects.toThrow(message);
      await other.remove();
    }
  });
});
