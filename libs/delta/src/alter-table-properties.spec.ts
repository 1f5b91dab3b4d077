import { utimes, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CommitConflictError, MetadataChangedError } from './delta-errors';
import { DeltaTable } from './delta-table';
import { TablePropertyError } from './table-properties';
import { commitActions, createEventsTable, rowMultiset, withCompetitor } from './test-helpers/table-fixture';
import { tableTestSetup } from './test-helpers/table-test-setup';

const setup = tableTestSetup('alter-properties');

const row = (user: string, seconds: number) => ({ user_id: user, track: 't', seconds, day: '2024-03-01' });
const open = () => DeltaTable.open(setup.store(), { duckdb: setup.duckdb });

describe('DeltaTable.setProperties / unsetProperties', () => {
  it('commits the new configuration alone, keeps the other keys, schema and id, and every reader sees it', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb, { owner: 'data-team' });
    await table.append([row('u1', 1)]);
    const before = table.snapshot();

    const result = await table.setProperties({ 'delta.logRetentionDuration': 'interval 7 days', owner: 'platform' });

    expect(result).toMatchObject({ status: 'committed', version: 2, properties: { 'delta.logRetentionDuration': 'interval 7 days', owner: 'platform' } });
    const actions = await commitActions(setup.directory.path, 2);
    expect(actions.map((action) => Object.keys(action)[0])).toEqual(['commitInfo', 'metaData']);
    expect(actions[0]?.['commitInfo']).toMatchObject({ operation: 'SET TBLPROPERTIES', operationParameters: { properties: '{"delta.logRetentionDuration":"interval 7 days","owner":"platform"}' }, readVersion: 1 });
    const reopened = await open();
    expect(reopened.snapshot().configuration).toEqual({ owner: 'platform', 'delta.logRetentionDuration': 'interval 7 days' });
    expect(reopened.snapshot().metadata.id).toBe(before.metadata.id);
    expect(reopened.snapshot().schema).toEqual(before.schema);
    expect(reopened.snapshot().partitionColumns).toEqual(['day']);
    expect(await rowMultiset(reopened)).toEqual(['u1|t|1|2024-03-01']);

    const unset = await reopened.unsetProperties(['owner', 'never-set']);
    expect(unset).toMatchObject({ status: 'committed', version: 3, properties: { 'delta.logRetentionDuration': 'interval 7 days' } });
    expect((await commitActions(setup.directory.path, 3))[0]?.['commitInfo']).toMatchObject({ operation: 'UNSET TBLPROPERTIES', operationParameters: { propKeys: '["owner","never-set"]', ifExists: 'true' } });
    await table.refresh();
    expect(table.snapshot().configuration).toEqual({ 'delta.logRetentionDuration': 'interval 7 days' });
    await reopened.close();
  });

  it('commits nothing when every value is already there, or every key already absent', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb, { 'delta.appendOnly': 'true' });
    expect(await table.setProperties({ 'delta.appendOnly': 'true' })).toEqual({ status: 'unchanged', version: 0, properties: { 'delta.appendOnly': 'true' } });
    expect(await table.unsetProperties(['owner'])).toMatchObject({ status: 'unchanged', version: 0 });
    expect(table.snapshot().version).toBe(0);
  });

  it('refuses bad values, delta.* keys it cannot honour and statistics columns the table lacks, committing nothing', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    await expect(table.setProperties({ 'delta.logRetentionDuration': 'a fortnight' })).rejects.toThrow(
      'table property delta.logRetentionDuration="a fortnight": expected an interval such as "interval 30 days"',
    );
    await expect(table.setProperties({ 'delta.enableDeletionVectors': 'true' })).rejects.toThrow(TablePropertyError);
    await expect(table.setProperties({ 'delta.checkpointInterval': '0' })).rejects.toThrow('delta.checkpointInterval="0": expected a positive integer');
    await expect(table.setProperties({ 'delta.dataSkippingStatsColumns': 'track,country' })).rejects.toThrow('names country, which is not a top-level column');
    await expect(table.setProperties({ 'delta.dataSkippingStatsColumns': 'day' })).rejects.toThrow('names the partition column day');
    expect((await open()).snapshot().version).toBe(0);
  });

  it('changes what later writes do: statistics columns, append-only, checkpoint interval, log retention', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    await table.append([row('u1', 1)]);
    await table.setProperties({ 'delta.dataSkippingStatsColumns': 'seconds', 'delta.checkpointInterval': '4', 'delta.appendOnly': 'true' });
    await table.append([row('u2', 2)]);

    const [old, fresh] = [...table.snapshot().files].sort((a, b) => (a.stats?.minValues['seconds'] as number) - (b.stats?.minValues['seconds'] as number));
    expect(Object.keys(old?.stats?.minValues ?? {}).sort()).toEqual(['seconds', 'track', 'user_id']);
    expect(Object.keys(fresh?.stats?.minValues ?? {})).toEqual(['seconds']);
    // Version 4 is a multiple of the new interval (the table was created with 1000).
    const checkpointed = await table.append([row('u3', 3)]);
    expect(checkpointed.checkpoint).toMatchObject({ status: 'written' });
    await expect(table.delete([{ column: 'user_id', op: '=', value: 'u1' }])).rejects.toThrow('delta.appendOnly');

    // The log cleanup reads the new retention: versions older than it (by file time) go.
    await table.setProperties({ 'delta.logRetentionDuration': 'interval 1 days' });
    const old2Days = new Date(Date.now() - 2 * 86_400_000);
    for (const name of await readdir(join(setup.directory.path, '_delta_log'))) {
      if (/^0{19}[0-3]\.json$/.test(name)) await utimes(join(setup.directory.path, '_delta_log', name), old2Days, old2Days);
    }
    const cleaned = await table.cleanupLog();
    expect(cleaned).toMatchObject({ retentionHours: 24, oldestKeptVersion: 4 });
    expect(cleaned.files.map((file) => file.version)).toEqual([0, 1, 2, 3]);
  });

  it('does not conflict with a concurrent append, and a writer built on the old metadata gets a MetadataChangedError', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    const other = await open();
    const racing = await DeltaTable.open(
      withCompetitor(setup.store(), () => other.append([row('racer', 9)])),
      { duckdb: setup.duckdb },
    );
    const result = await racing.setProperties({ owner: 'platform' });
    expect(result).toMatchObject({ status: 'committed', version: 2 });
    expect((await open()).snapshot().configuration).toEqual({ owner: 'platform' });
    expect(await rowMultiset(await open())).toEqual(['racer|t|9|2024-03-01']);

    // A writer at version 2 whose commit meets a metadata change made while it was writing.
    const stale = await DeltaTable.open(
      withCompetitor(setup.store(), () => racing.setProperties({ owner: 'analytics' })),
      { duckdb: setup.duckdb },
    );
    const error = await stale.append([row('late', 1)]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MetadataChangedError);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toContain('the table metadata (schema, partitioning or properties) changed in version 3');
    // Run again from the new snapshot, the append goes in.
    expect(await stale.append([row('late', 1)])).toMatchObject({ status: 'committed', version: 4 });
    await table.refresh();
    expect(await rowMultiset(table)).toEqual(['late|t|1|2024-03-01', 'racer|t|9|2024-03-01']);
  });
});
