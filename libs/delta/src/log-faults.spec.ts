import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidDeltaLogError } from './delta-errors';
import { DeltaTable } from './delta-table';
import { createEventsTable } from './test-helpers/table-fixture';
import { tableTestSetup } from './test-helpers/table-test-setup';

/** Damaged logs of tables this library wrote: every failure names the log file at fault. */

const setup = tableTestSetup('log-faults');

const logFile = (name: string) => join(setup.directory.path, '_delta_log', name);
const commitName = (version: number) => `${String(version).padStart(20, '0')}.json`;

async function tableWithCommits(count: number): Promise<DeltaTable> {
  const table = await createEventsTable(setup.store(), setup.duckdb);
  for (let batch = 1; batch <= count; batch++) await table.append([{ user_id: `u${batch}`, day: '2024-03-01' }]);
  return table;
}

async function openError(): Promise<unknown> {
  return DeltaTable.open(setup.store(), { duckdb: setup.duckdb }).catch((error: unknown) => error);
}

describe('damaged logs', () => {
  it('names a commit file cut short in the middle of a line, on open and on refresh', async () => {
    const table = await tableWithCommits(2);
    const reader = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    await table.append([{ user_id: 'u3', day: '2024-03-02' }]);
    const text = await readFile(logFile(commitName(3)), 'utf8');
    await writeFile(logFile(commitName(3)), text.slice(0, text.length - 20));
    const error = await openError();
    expect(error).toBeInstanceOf(InvalidDeltaLogError);
    expect(error).toMatchObject({ file: `_delta_log/${commitName(3)}` });
    expect((error as Error).message).toMatch(/_delta_log\/00000000000000000003\.json: line \d+: not valid JSON/);
    await expect(reader.refresh()).rejects.toThrow(/_delta_log\/00000000000000000003\.json: line \d+: not valid JSON/);
    expect((await DeltaTable.open(setup.store(), { duckdb: setup.duckdb, version: 2 })).snapshot().version).toBe(2);
  });

  it('names the missing commit when one disappeared from the middle of the log', async () => {
    await tableWithCommits(4);
    await rm(logFile(commitName(2)));
    const error = await openError();
    expect(error).toBeInstanceOf(InvalidDeltaLogError);
    expect((error as Error).message).toMatch(/_delta_log\/00000000000000000002\.json: missing commit: versions are not contiguous \(1 is followed by 3\)/);
  });

  it('names a checkpoint that is not Parquet', async () => {
    const table = await tableWithCommits(3);
    await table.checkpoint();
    await writeFile(logFile('00000000000000000003.checkpoint.parquet'), 'not parquet at all');
    const error = await openError();
    expect(error).toBeInstanceOf(InvalidDeltaLogError);
    expect((error as Error).message).toMatch(/_delta_log\/00000000000000000003\.checkpoint\.parquet: unreadable checkpoint/);
  });
});
