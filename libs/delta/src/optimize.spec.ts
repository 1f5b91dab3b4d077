import { CommitConflictError } from './delta-errors';
import { DeltaTable } from './delta-table';
import { binPack } from './optimize';
import type { LiveFile } from './snapshot';
import { commitActions, createEventsTable, rowMultiset, withCompetitor } from './test-helpers/table-fixture';
import { tableTestSetup } from './test-helpers/table-test-setup';

const setup = tableTestSetup('optimize');

function fileOfSize(size: number, path = `f${size}`): LiveFile {
  return { add: { path, partitionValues: {}, size, modificationTime: 0, dataChange: true }, location: { kind: 'table', key: path, uri: path }, partitionValues: {}, stats: undefined };
}

/** Day 1 and day 2 get three one-row files each, day 3 a single file. */
async function fragmentedTable(): Promise<DeltaTable> {
  const table = await createEventsTable(setup.store(), setup.duckdb);
  for (let batch = 0; batch < 3; batch++) {
    await table.append([
      { user_id: `u${batch}`, track: `t${batch}`, seconds: batch, day: '2024-03-01' },
      { user_id: `v${batch}`, track: null, seconds: null, day: '2024-03-02' },
      ...(batch === 0 ? [{ user_id: 'w', track: 'solo', seconds: 9, day: '2024-03-03' }] : []),
    ]);
  }
  return table;
}

function filesPerDay(table: DeltaTable): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of table.snapshot().files) {
    const day = String(file.add.partitionValues['day']);
    counts[day] = (counts[day] ?? 0) + 1;
  }
  return counts;
}

describe('binPack', () => {
  it('groups the files below the target, smallest first, into bins of two or more within the target', () => {
    const files = [fileOfSize(50), fileOfSize(10), fileOfSize(200), fileOfSize(40), fileOfSize(30), fileOfSize(90)];
    const bins = binPack(files, 100).map((bin) => bin.map((file) => file.add.size));
    expect(bins).toEqual([[10, 30, 40]]); // 50 and 90 do not fit together; 200 is already big enough
    expect(binPack([fileOfSize(10)], 100)).toEqual([]);
  });
});

describe('DeltaTable.optimize', () => {
  it('compacts each partition into one file with dataChange false, leaving rows and single-file partitions alone', async () => {
    const table = await fragmentedTable();
    const rowsBefore = await rowMultiset(table);
    const day3 = table.snapshot().files.filter((file) => file.add.partitionValues['day'] === '2024-03-03');
    const result = await table.optimize();
    expect(result).toMatchObject({ status: 'committed', version: 4, partitionsOptimized: 2, partitionsSkipped: 1, filesRemoved: 6, filesAdded: 2, rows: 6 });
    expect(filesPerDay(table)).toEqual({ '2024-03-01': 1, '2024-03-02': 1, '2024-03-03': 1 });
    expect(table.snapshot().files.filter((file) => file.add.partitionValues['day'] === '2024-03-03')).toEqual(day3);
    expect(await rowMultiset(table)).toEqual(rowsBefore);
    const compacted = table.snapshot().files.find((file) => file.add.partitionValues['day'] === '2024-03-01');
    expect(compacted?.stats).toMatchObject({ numRecords: 3, minValues: { user_id: 'u0', seconds: 0 }, maxValues: { user_id: 'u2', seconds: 2 } });
    const actions = await commitActions(setup.directory.path, 4);
    expect(actions[0]?.['commitInfo']).toMatchObject({ operation: 'OPTIMIZE', isBlindAppend: false, operationMetrics: { numRemovedFiles: '6', numAddedFiles: '2' } });
    const dataChanges = actions.flatMap((action) => [action['add'], action['remove']]).filter(Boolean).map((value) => value?.['dataChange']);
    expect(dataChanges).toHaveLength(8);
    expect(dataChanges.every((value) => value === false)).toBe(true);
    expect(await table.optimize()).toMatchObject({ status: 'noop', version: 4, filesRemoved: 0 });
  });

  it('only touches the partitions matching where, and files below the target size', async () => {
    const table = await fragmentedTable();
    const result = await table.optimize({ where: [{ column: 'day', op: '=', value: '2024-03-02' }] });
    expect(result).toMatchObject({ status: 'committed', partitionsOptimized: 1, filesRemoved: 3 });
    expect(filesPerDay(table)).toEqual({ '2024-03-01': 3, '2024-03-02': 1, '2024-03-03': 1 });
    const smallest = Math.min(...table.snapshot().files.map((file) => file.add.size));
    expect(await table.optimize({ targetSize: smallest })).toMatchObject({ status: 'noop' });
    await expect(table.optimize({ where: [{ column: 'user_id', op: '=', value: 'u1' }] })).rejects.toThrow(/OPTIMIZE where may only name partition columns/);
  });

  it('leaves partitions with fewer than minFiles small files alone', async () => {
    const table = await fragmentedTable();
    await table.append([{ user_id: 'u3', track: 't3', seconds: 3, day: '2024-03-01' }]);
    expect(filesPerDay(table)).toEqual({ '2024-03-01': 4, '2024-03-02': 3, '2024-03-03': 1 });
    expect(await table.optimize({ minFiles: 5 })).toMatchObject({ status: 'noop', partitionsOptimized: 0 });
    expect(await table.optimize({ minFiles: 4 })).toMatchObject({ status: 'committed', partitionsOptimized: 1, partitionsSkipped: 2, filesRemoved: 4, filesAdded: 1 });
    expect(filesPerDay(table)).toEqual({ '2024-03-01': 1, '2024-03-02': 3, '2024-03-03': 1 });
    await expect(table.optimize({ minFiles: 1 })).rejects.toThrow('OPTIMIZE minFiles must be a whole number >= 2, got 1');
  });

  it('lets a concurrent append through but conflicts with a concurrent DELETE of a compacted file', async () => {
    await fragmentedTable();
    const appender = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const afterAppend = await DeltaTable.open(withCompetitor(setup.store(), () => appender.append([{ user_id: 'late', day: '2024-03-01' }])), { duckdb: setup.duckdb });
    expect(await afterAppend.optimize()).toMatchObject({ status: 'committed', version: 5, attempts: 2 });
    expect(await rowMultiset(afterAppend)).toContain('late|∅|∅|2024-03-01');
    expect(filesPerDay(afterAppend)['2024-03-01']).toBe(2);

    await afterAppend.append([{ user_id: 'x', day: '2024-03-02' }]);
    const deleter = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const raced = await DeltaTable.open(withCompetitor(setup.store(), () => deleter.delete([{ column: 'user_id', op: '=', value: 'late' }])), { duckdb: setup.duckdb });
    const error = await raced.optimize().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toMatch(/which this commit removes, was removed concurrently by DELETE/);
  });
});
