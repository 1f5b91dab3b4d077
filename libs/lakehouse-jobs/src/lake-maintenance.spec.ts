import { BRONZE_TABLE, GOLD_TABLES, SILVER_TABLE } from '@music/tables';
import { withExistingTable, type LakeTable } from './lake';
import { maintainLake } from './lake-maintenance';
import { refreshLake } from './refresh-run';
import { refreshSilver } from './silver-refresh';
import { localDisk, type TestLake } from './test-helpers/lake-backends';
import { appendBronze, goldContents, log, makeEvent, tableContents } from './test-helpers/lake-fixture';

let lake: TestLake;

beforeEach(async () => {
  lake = await localDisk.newLake();
});

afterEach(async () => {
  await lake.remove();
});

/** Live data files per partition value of `column`. */
async function filesPer(definition: LakeTable, column: string): Promise<Record<string, number>> {
  const counts = await withExistingTable(lake, definition, async (table) => {
    const perValue: Record<string, number> = {};
    for (const file of table.snapshot().files) {
      const value = String(file.add.partitionValues[column]);
      perValue[value] = (perValue[value] ?? 0) + 1;
    }
    return perValue;
  });
  if (!counts) throw new Error(`no table ${definition.name}`);
  return counts;
}

/** Parquet files on storage under a table (live or not), and the table's live ones. */
async function storedAndLive(definition: LakeTable): Promise<{ stored: number; live: number }> {
  const prefix = `${definition.path.join('/')}/`;
  const stored = (await lake.store.list(prefix)).filter((object) => object.key.endsWith('.parquet') && !object.key.includes('/_delta_log/')).length;
  const live = (await withExistingTable(lake, definition, async (table) => table.snapshot().files.length)) ?? 0;
  return { stored, live };
}

/** Five runs, each after an append of events on days b, b+1 and b+2: day 2 is touched by three runs, day 4 by three, day 0 by one. */
async function lakeAfterFiveRuns(): Promise<void> {
  for (let b = 0; b < 5; b++) {
    await appendBronze(
      lake,
      Array.from({ length: 90 }, (_, i) => makeEvent(b + Math.floor(i / 30), b * 1000 + i)),
      b * 1000,
    );
    await refreshLake(lake, { log });
  }
}

describe('maintainLake', () => {
  it('compacts the silver partitions holding minFiles small files, vacuums what no version needs, and changes no row', async () => {
    await lakeAfterFiveRuns();
    const before = await filesPer(SILVER_TABLE, 'event_date');
    expect(Object.values(before).sort()).toEqual([1, 2, 2, 3, 3, 3, 1].sort());
    const silverRows = await tableContents(lake, SILVER_TABLE);
    const gold = await goldContents(lake);
    expect((await storedAndLive(GOLD_TABLES[0] as LakeTable)).stored).toBeGreaterThan((await storedAndLive(GOLD_TABLES[0] as LakeTable)).live);

    const report = await maintainLake(lake, { minFiles: 3, retentionHours: 0, forceRetention: true, log });

    const after = await filesPer(SILVER_TABLE, 'event_date');
    for (const [day, files] of Object.entries(before)) expect({ day, files: after[day] }).toEqual({ day, files: files >= 3 ? 1 : files });
    const silver = report.tables.find((entry) => entry.table === SILVER_TABLE.name);
    expect(silver).toMatchObject({ filesCompacted: 9, filesWritten: 3 });
    expect(silver?.filesVacuumed).toBe(9);
    expect(await tableContents(lake, SILVER_TABLE)).toEqual(silverRows);
    for (const definition of [SILVER_TABLE, ...GOLD_TABLES]) {
      const { stored, live } = await storedAndLive(definition);
      expect({ table: definition.name, stored }).toEqual({ table: definition.name, stored: live });
    }
    expect(report.tables.filter((entry) => GOLD_TABLES.some((g) => g.name === entry.table)).every((entry) => entry.filesVacuumed > 0)).toBe(true);
    // The logs are minutes old, far within the default log retention (30 days).
    expect(report.tables.every((entry) => entry.logFilesDeleted === 0)).toBe(true);

    // The compacted days read as changed: the next run recomputes them, to the same numbers.
    const run = await refreshLake(lake, { log });
    expect(run.silver.status).toBe('up-to-date');
    expect(run.gold.some((g) => g.status === 'refreshed')).toBe(true);
    expect(await goldContents(lake)).toEqual(gold);

    const again = await maintainLake(lake, { minFiles: 3, retentionHours: 0, forceRetention: true, log });
    expect(again.tables.find((entry) => entry.table === SILVER_TABLE.name)).toMatchObject({ filesCompacted: 0 });
  }, 300_000);

  it('cleans the logs past the log retention, and the next run, whose base versions went with them, still equals a full rebuild', async () => {
    const full = await localDisk.newLake();
    try {
      const batch = (b: number) => Array.from({ length: 60 }, (_, i) => makeEvent(b + Math.floor(i / 30), b * 1000 + i));
      const append = async (events: ReturnType<typeof makeEvent>[], offset: number) => {
        await appendBronze(lake, events, offset);
        await appendBronze(full, events, offset);
      };
      await append(batch(0), 0);
      await refreshLake(lake, { log });
      // Silver moves on without gold, and bronze without silver; the last batch replays events of the first.
      await append(batch(1), 1000);
      await refreshSilver(lake, { log });
      await append([...batch(0).slice(0, 10), ...batch(2)], 2000);
      for (const definition of [BRONZE_TABLE, SILVER_TABLE]) await withExistingTable(lake, definition, (table) => table.checkpoint());

      const report = await maintainLake(lake, { minFiles: 50, retentionHours: 168, logRetentionHours: 0, log });

      for (const name of [BRONZE_TABLE.name, SILVER_TABLE.name]) {
        expect({ name, deleted: (report.tables.find((entry) => entry.table === name)?.logFilesDeleted ?? 0) > 0 }).toEqual({ name, deleted: true });
      }
      const run = await refreshLake(lake, { log });
      expect(run.silver.status).toBe('refreshed');
      await refreshLake(full, { full: true, log });
      expect(await tableContents(lake, SILVER_TABLE)).toEqual(await tableContents(full, SILVER_TABLE));
      const [a, b] = [await goldContents(lake), await goldContents(full)];
      for (const definition of GOLD_TABLES) {
        expect({ table: definition.name, rows: a[definition.name] }).toEqual({ table: definition.name, rows: b[definition.name] });
      }
    } finally {
      await full.remove();
    }
  }, 300_000);

  it('keeps every removed file within the retention', async () => {
    await lakeAfterFiveRuns();
    const report = await maintainLake(lake, { minFiles: 2, retentionHours: 168, log });
    expect(report.tables.find((entry) => entry.table === SILVER_TABLE.name)?.filesCompacted).toBeGreaterThan(0);
    expect(report.tables.every((entry) => entry.filesVacuumed === 0)).toBe(true);
    await expect(maintainLake(lake, { minFiles: 2, retentionHours: 1, log })).rejects.toThrow(/retention/i);
  }, 300_000);
});
