import { AppendOnlyTableError, CommitConflictError, DeltaError } from './delta-errors';
import { DeltaTable } from './delta-table';
import { commitActions, createEventsTable, dataFilesOnDisk, rowLine, rowMultiset, withCompetitor, type EventRow } from './test-helpers/table-fixture';
import { localStore, temporaryDirectory } from './test-helpers/temporary-stores';
import { tableTestSetup } from './test-helpers/table-test-setup';

const setup = tableTestSetup('delete');

// Four files: day 1 mixes u1 and u2, day 2 holds only u1, day 3 only u3 (twice, one file per batch).
const BATCHES: EventRow[][] = [
  [
    { user_id: 'u1', track: 'a', seconds: 10, day: '2024-03-01' },
    { user_id: 'u2', track: 'b', seconds: null, day: '2024-03-01' },
    { user_id: 'u1', track: 'c', seconds: 30, day: '2024-03-02' },
  ],
  [{ user_id: 'u3', track: 'd', seconds: 40, day: '2024-03-03' }],
  [{ user_id: 'u3', track: 'e', seconds: 50, day: '2024-03-03' }],
];
const ALL_ROWS = BATCHES.flat();

async function eventsTable(): Promise<DeltaTable> {
  const table = await createEventsTable(setup.store(), setup.duckdb);
  for (const batch of BATCHES) await table.append(batch);
  return table;
}

describe('DeltaTable.delete', () => {
  it('removes files whose rows all match, rewrites mixed ones, skips files the statistics exclude', async () => {
    const table = await eventsTable();
    const day3Files = table.snapshot().files.filter((file) => file.add.partitionValues['day'] === '2024-03-03');
    const result = await table.delete([{ column: 'user_id', op: '=', value: 'u1' }]);
    expect(result).toMatchObject({
      status: 'committed',
      version: 4,
      rowsDeleted: 2,
      filesRemoved: 1,
      filesRewritten: 1,
      filesAdded: 1,
      rowsCopied: 1,
      filesScanned: 2,
      filesSkipped: 2,
    });
    expect(await rowMultiset(table)).toEqual(ALL_ROWS.filter((row) => row.user_id !== 'u1').map(rowLine).sort());
    expect(await rowMultiset(table, 3)).toEqual(ALL_ROWS.map(rowLine).sort());
    expect(table.snapshot().files.filter((file) => file.add.partitionValues['day'] === '2024-03-03')).toEqual(day3Files);
    const rewritten = table.snapshot().files.find((file) => file.add.partitionValues['day'] === '2024-03-01');
    expect(rewritten?.stats).toMatchObject({ numRecords: 1, minValues: { user_id: 'u2' }, nullCount: { seconds: 1 } });
    const actions = await commitActions(setup.directory.path, 4);
    expect(actions[0]?.['commitInfo']).toMatchObject({
      operation: 'DELETE',
      operationParameters: { predicate: `"user_id" = CAST('u1' AS VARCHAR)` },
      operationMetrics: { numDeletedRows: '2', numRemovedFiles: '2', numAddedFiles: '1', numCopiedRows: '1' },
    });
    expect(actions.filter((action) => action['remove']).every((action) => action['remove']?.['dataChange'] === true)).toBe(true);
    expect((await DeltaTable.open(setup.store(), { duckdb: setup.duckdb })).snapshot().files).toHaveLength(3);
  });

  it('records the predicate with its values redacted when asked (erasure), deleting the same rows', async () => {
    const table = await eventsTable();
    const result = await table.delete([{ column: 'user_id', op: 'in', values: ['u1', 'u2'] }, { column: 'track', op: '!=', value: 'zz' }], { redactPredicate: true });
    expect(result).toMatchObject({ status: 'committed', version: 4, rowsDeleted: 3 });
    expect(await rowMultiset(table)).toEqual(ALL_ROWS.filter((row) => row.user_id === 'u3').map(rowLine).sort());
    const actions = await commitActions(setup.directory.path, 4);
    expect(actions[0]?.['commitInfo']).toMatchObject({ operation: 'DELETE', operationParameters: { predicate: `"user_id" IN (?, ?) AND "track" <> ?` } });
    expect(JSON.stringify(actions)).not.toMatch(/"u1"|'u1'|"u2"|'u2'/);
  });

  it('removes whole partitions from the log alone when the predicate names partition columns only', async () => {
    const table = await eventsTable();
    const result = await table.delete([{ column: 'day', op: '>=', value: '2024-03-02' }]);
    expect(result).toMatchObject({ status: 'committed', rowsDeleted: 3, filesRemoved: 3, filesRewritten: 0, filesScanned: 3, filesSkipped: 1 });
    expect(await rowMultiset(table)).toEqual(BATCHES[0]?.slice(0, 2).map(rowLine).sort());
  });

  it('keeps rows where the predicate is null (SQL semantics) and reports no match without committing', async () => {
    const table = await eventsTable();
    const result = await table.delete([{ column: 'seconds', op: '<', value: 35 }]);
    expect(result).toMatchObject({ status: 'committed', rowsDeleted: 2 });
    expect(await rowMultiset(table)).toEqual(['u2|b|∅|2024-03-01', 'u3|d|40|2024-03-03', 'u3|e|50|2024-03-03']);
    const none = await table.delete([{ column: 'user_id', op: 'in', values: ['nobody', 'ghost'] }]);
    expect(none).toMatchObject({ status: 'no-match', version: 4, rowsDeleted: 0 });
    expect((await table.refresh()).version).toBe(4);
  });

  it('refuses an empty predicate, an unknown column and append-only tables', async () => {
    const table = await eventsTable();
    await expect(table.delete([])).rejects.toBeInstanceOf(DeltaError);
    await expect(table.delete([{ column: 'nope', op: '=', value: 1 }])).rejects.toThrow(/no such column/);
    const appendOnly = await temporaryDirectory('delete-append-only');
    try {
      const guarded = await createEventsTable(localStore(appendOnly.path), setup.duckdb, { 'delta.appendOnly': 'true' });
      await guarded.append(ALL_ROWS);
      await expect(guarded.delete([{ column: 'user_id', op: '=', value: 'u1' }])).rejects.toBeInstanceOf(AppendOnlyTableError);
    } finally {
      await appendOnly.remove();
    }
  });

  it('conflicts with a concurrent append of matching rows, and removes the rewritten files', async () => {
    await eventsTable();
    const competitor = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const store = withCompetitor(setup.store(), () => competitor.append([{ user_id: 'u1', day: '2024-03-09' }]));
    const writer = await DeltaTable.open(store, { duckdb: setup.duckdb });
    const error = await writer.delete([{ column: 'user_id', op: '=', value: 'u1' }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toMatch(/added day=2024-03-09\/part-.* to data this commit read or replaces/);
    expect(await dataFilesOnDisk(setup.directory.path)).toHaveLength(5);
    // Retried on the new version, the same DELETE removes the late row as well.
    expect(await writer.delete([{ column: 'user_id', op: '=', value: 'u1' }])).toMatchObject({ status: 'committed', rowsDeleted: 3 });
  });

  it('without statistics on the column, reads a concurrent append: conflicts only when it holds matching rows', async () => {
    const noStats = await createEventsTable(setup.store(), setup.duckdb, { 'delta.dataSkippingStatsColumns': 'track,seconds' });
    for (const batch of BATCHES) await noStats.append(batch);
    const competitor = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const others = await DeltaTable.open(
      withCompetitor(setup.store(), () => competitor.append([{ user_id: 'u7', day: '2024-03-01' }, { user_id: 'u8', day: '2024-03-02' }])),
      { duckdb: setup.duckdb },
    );
    expect(await others.delete([{ column: 'user_id', op: '=', value: 'u1' }])).toMatchObject({ status: 'committed', attempts: 2 });
    expect((await rowMultiset(others)).filter((row) => row.startsWith('u1|'))).toEqual([]);
    expect(await rowMultiset(others)).toEqual(expect.arrayContaining(['u7|∅|∅|2024-03-01', 'u8|∅|∅|2024-03-02']));

    const holding = await DeltaTable.open(
      withCompetitor(setup.store(), () => competitor.append([{ user_id: 'u9', day: '2024-03-01' }, { user_id: 'u2', day: '2024-03-03' }])),
      { duckdb: setup.duckdb },
    );
    const error = await holding.delete([{ column: 'user_id', op: '=', value: 'u2' }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toMatch(/to data this commit read or replaces/);
  });

  it('commits after a concurrent append whose statistics exclude the predicate', async () => {
    await eventsTable();
    const competitor = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const store = withCompetitor(setup.store(), () => competitor.append([{ user_id: 'u7', day: '2024-03-01' }]));
    const writer = await DeltaTable.open(store, { duckdb: setup.duckdb });
    expect(await writer.delete([{ column: 'user_id', op: '=', value: 'u1' }])).toMatchObject({ status: 'committed', version: 5, attempts: 2 });
    expect(await rowMultiset(writer)).toContain('u7|∅|∅|2024-03-01');
  });
});
