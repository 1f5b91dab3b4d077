import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppendOnlyTableError, CommitConflictError, DeltaError, ReplaceWhereMismatchError } from './delta-errors';
import { DeltaTable } from './delta-table';
import {
  commitActions,
  createEventsTable,
  dataFilesOnDisk,
  rowLine,
  rowMultiset,
  withCompetitor,
  type EventRow,
} from './test-helpers/table-fixture';
import { localStore, temporaryDirectory } from './test-helpers/temporary-stores';
import { tableTestSetup } from './test-helpers/table-test-setup';

const setup = tableTestSetup('overwrite');

const THREE_DAYS: EventRow[] = [
  { user_id: 'u1', track: 'a', seconds: 10, day: '2024-03-01' },
  { user_id: 'u2', track: 'b', seconds: 20, day: '2024-03-01' },
  { user_id: 'u1', track: 'c', seconds: 30, day: '2024-03-02' },
  { user_id: 'u3', track: 'd', seconds: 40, day: '2024-03-03' },
];

async function threeDayTable(): Promise<DeltaTable> {
  const table = await createEventsTable(setup.store(), setup.duckdb);
  await table.append(THREE_DAYS.slice(0, 2));
  await table.append(THREE_DAYS.slice(2));
  return table;
}

describe('DeltaTable.overwrite', () => {
  it('replaces the whole table in one commit of removes and adds; earlier versions keep their rows', async () => {
    const table = await threeDayTable();
    const before = table.snapshot().files.map((file) => file.add.path).sort();
    const replacement: EventRow[] = [{ user_id: 'u9', track: 'z', seconds: 1, day: '2024-04-01' }];
    const result = await table.overwrite(replacement);
    expect(result).toMatchObject({ status: 'committed', version: 3, rows: 1, attempts: 1 });
    expect(await rowMultiset(table)).toEqual(replacement.map(rowLine));
    expect(await rowMultiset(table, 2)).toEqual(THREE_DAYS.map(rowLine).sort());
    const actions = await commitActions(setup.directory.path, 3);
    expect(actions[0]?.['commitInfo']).toMatchObject({ operation: 'WRITE', operationParameters: { mode: 'Overwrite' }, isBlindAppend: false, readVersion: 2 });
    const removes = actions.filter((action) => action['remove']).map((action) => action['remove'] as Record<string, unknown>);
    expect(removes.map((remove) => remove['path']).sort()).toEqual(before);
    expect(removes.every((remove) => remove['dataChange'] === true && typeof remove['deletionTimestamp'] === 'number')).toBe(true);
    expect(actions.filter((action) => action['add'])).toHaveLength(1);
    const reopened = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    expect(await rowMultiset(reopened)).toEqual(replacement.map(rowLine));
  });

  it('replaces exactly the partitions matching replaceWhere, and records the txn in the same commit', async () => {
    const table = await threeDayTable();
    const untouched = table.snapshot().files.filter((file) => file.add.partitionValues['day'] === '2024-03-03');
    const replacement: EventRow[] = [{ user_id: 'u1', track: 'a2', seconds: 11, day: '2024-03-01' }];
    const result = await table.overwrite(replacement, {
      replaceWhere: [{ column: 'day', op: 'in', values: ['2024-03-01', '2024-03-02'] }],
      txn: { appId: 'batch-metrics:gold', version: 7 },
    });
    expect(result).toMatchObject({ status: 'committed', version: 3 });
    if (result.status !== 'committed') throw new Error('not committed');
    expect(result.removed.map((remove) => remove.partitionValues?.['day']).sort()).toEqual(['2024-03-01', '2024-03-02']);
    expect(await rowMultiset(table)).toEqual([...replacement, THREE_DAYS[3] as EventRow].map(rowLine).sort());
    expect(table.snapshot().files.filter((file) => file.add.partitionValues['day'] === '2024-03-03')).toEqual(untouched);
    expect(table.snapshot().txns.get('batch-metrics:gold')?.version).toBe(7);
    const actions = await commitActions(setup.directory.path, 3);
    expect(actions.map((action) => Object.keys(action)[0])).toEqual(['commitInfo', 'txn', 'remove', 'remove', 'add']);
    expect(actions[0]?.['commitInfo']?.['operationParameters']).toMatchObject({ predicate: `"day" IN (CAST('2024-03-01' AS DATE), CAST('2024-03-02' AS DATE))` });

    const again = await table.overwrite(replacement, { replaceWhere: [{ column: 'day', op: '=', value: '2024-03-01' }], txn: { appId: 'batch-metrics:gold', version: 7 } });
    expect(again).toEqual({ status: 'skipped', reason: 'txn-already-applied', txns: [{ appId: 'batch-metrics:gold', version: 7 }] });
    expect(table.snapshot().version).toBe(3);
  });

  it('empties the replaced partitions when given no rows', async () => {
    const table = await threeDayTable();
    const result = await table.overwrite([], { replaceWhere: [{ column: 'day', op: '<=', value: '2024-03-02' }] });
    expect(result).toMatchObject({ status: 'committed', rows: 0, files: [] });
    expect(await rowMultiset(table)).toEqual([rowLine(THREE_DAYS[3] as EventRow)]);
  });

  it('refuses rows outside replaceWhere, predicates on data columns and append-only tables, writing nothing', async () => {
    const table = await threeDayTable();
    const filesBefore = await dataFilesOnDisk(setup.directory.path);
    const outside = await table
      .overwrite([{ user_id: 'u1', day: '2024-03-01' }, { user_id: 'u2', day: '2024-03-05' }], { replaceWhere: [{ column: 'day', op: '=', value: '2024-03-01' }] })
      .catch((error: unknown) => error);
    expect(outside).toBeInstanceOf(ReplaceWhereMismatchError);
    expect((outside as Error).message).toMatch(/row 1 \(day=2024-03-05\)/);
    await expect(table.overwrite([], { replaceWhere: [{ column: 'user_id', op: '=', value: 'u1' }] })).rejects.toThrow(
      /replaceWhere may only name partition columns \(day\); user_id is not one/,
    );
    await expect(table.overwrite([], { replaceWhere: [] })).rejects.toBeInstanceOf(DeltaError);
    expect(await dataFilesOnDisk(setup.directory.path)).toEqual(filesBefore);
    expect((await table.refresh()).version).toBe(2);

    const appendOnly = await temporaryDirectory('append-only');
    try {
      const guarded = await createEventsTable(localStore(appendOnly.path), setup.duckdb, { 'delta.appendOnly': 'true' });
      await guarded.append(THREE_DAYS);
      await expect(guarded.overwrite([])).rejects.toBeInstanceOf(AppendOnlyTableError);
      expect(await readdir(join(appendOnly.path, '_delta_log'))).toHaveLength(2);
    } finally {
      await appendOnly.remove();
    }
  });

  it('conflicts with a concurrent append into a replaced partition, and cleans up its files', async () => {
    await threeDayTable();
    const competitor = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const store = withCompetitor(setup.store(), () => competitor.append([{ user_id: 'late', day: '2024-03-01' }]));
    const writer = await DeltaTable.open(store, { duckdb: setup.duckdb });
    const error = await writer.overwrite([{ user_id: 'u1', day: '2024-03-01' }], { replaceWhere: [{ column: 'day', op: '=', value: '2024-03-01' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toMatch(/WRITE in version 3 added day=2024-03-01\/part-.* to data this commit read or replaces/);
    expect((await writer.refresh()).version).toBe(3);
    expect(await rowMultiset(writer)).toEqual([...THREE_DAYS.map(rowLine), 'late|∅|∅|2024-03-01'].sort());
    expect(await dataFilesOnDisk(setup.directory.path)).toHaveLength(4);
  });

  it('commits after a concurrent append into another partition, which survives', async () => {
    await threeDayTable();
    const competitor = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const store = withCompetitor(setup.store(), () => competitor.append([{ user_id: 'other-day', day: '2024-03-09' }]));
    const writer = await DeltaTable.open(store, { duckdb: setup.duckdb });
    const result = await writer.overwrite([{ user_id: 'new', day: '2024-03-01' }], { replaceWhere: [{ column: 'day', op: '=', value: '2024-03-01' }] });
    expect(result).toMatchObject({ status: 'committed', version: 4, attempts: 2 });
    expect(await rowMultiset(writer)).toEqual(['new|∅|∅|2024-03-01', ...THREE_DAYS.slice(2).map(rowLine), 'other-day|∅|∅|2024-03-09'].sort());
  });

  it('conflicts with a concurrent overwrite of the same partition (a file it removes is already removed)', async () => {
    await threeDayTable();
    const competitor = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    const replaceDay2 = [{ column: 'day', op: '=', value: '2024-03-02' }] as const;
    const store = withCompetitor(setup.store(), () => competitor.overwrite([], { replaceWhere: replaceDay2 }));
    const writer = await DeltaTable.open(store, { duckdb: setup.duckdb });
    const error = await writer.overwrite([{ user_id: 'x', day: '2024-03-02' }], { replaceWhere: replaceDay2 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toMatch(/which this commit removes, was removed concurrently by WRITE in version 3/);
  });
});
