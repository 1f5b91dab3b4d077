import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deltaReferee } from './delta-referee';

const ROOT = join(__dirname, '..', '..', '..');

describe('delta-rs referee (real deltalake from PyPI)', () => {
  jest.setTimeout(600_000);

  it('writes a partitioned table with delta-rs and reads it back', async () => {
    const referee = await deltaReferee({ cacheDir: join(ROOT, '.cache'), env: process.env });
    const uri = join(mkdtempSync(join(tmpdir(), 'referee-')), 'table');
    const schema: [string, 'string' | 'long' | 'timestamp' | 'date'][] = [
      ['id', 'long'],
      ['name', 'string'],
      ['at', 'timestamp'],
      ['day', 'date'],
    ];
    const rows = [
      { id: 1, name: 'a', at: '2026-11-24T10:00:00.123Z', day: '2026-11-24' },
      { id: 2, name: null, at: '2026-11-25T23:59:59.000Z', day: '2026-11-25' },
    ];
    expect(await referee.write(uri, rows, { schema, partitionBy: ['day'] })).toEqual({ version: 0, rows: 2 });
    expect(await referee.write(uri, [{ id: 3, name: 'c', at: '2026-11-25T00:00:00.000Z', day: '2026-11-25' }], { schema, partitionBy: ['day'] })).toEqual({ version: 1, rows: 1 });

    const latest = await referee.read(uri, { rows: true });
    expect(latest.version).toBe(1);
    expect(latest.partition_columns).toEqual(['day']);
    expect(latest.files).toHaveLength(3);
    expect(latest.rows?.map((r) => r['id']).sort()).toEqual([1, 2, 3]);
    expect(latest.rows?.find((r) => r['id'] === 1)).toMatchObject({ name: 'a', at: '2026-11-24T10:00:00.123000Z', day: '2026-11-24' });

    const first = await referee.read(uri, { version: 0 });
    expect(first.row_count).toBe(2);
    await expect(referee.read(join(uri, 'missing'))).rejects.toThrow(/delta-rs referee read .* failed: .*TableNotFoundError/);
    rmSync(dirname(uri), { recursive: true, force: true });
  });

  it('times appends and opens inside Python for benchmarks, and compacts, deletes and vacuums', async () => {
    const referee = await deltaReferee({ cacheDir: join(ROOT, '.cache'), env: process.env });
    const uri = join(mkdtempSync(join(tmpdir(), 'referee-bench-')), 'table');
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: i, day: `2026-11-2${i % 2}` }));
    const written = await referee.benchWrite(uri, rows, { schema: [['id', 'long'], ['day', 'date']], partitionBy: ['day'], batches: 3 });
    expect(written.rows).toBe(50);
    expect(written.seconds).toHaveLength(3);
    expect(written.seconds.every((s) => s > 0 && s < 60)).toBe(true);
    const opened = await referee.benchOpen(uri, { runs: 2 });
    expect(opened).toMatchObject({ version: 3 });
    expect(opened.seconds).toHaveLength(2);
    expect((await referee.optimize(uri)).version).toBe(4);
    expect((await referee.delete(uri, 'id < 10')).metrics).toMatchObject({ num_deleted_rows: 40 });
    expect(await referee.checkpoint(uri)).toEqual({ version: 5 });
    const vacuumed = await referee.vacuum(uri, { retentionHours: 0, enforceRetention: false, full: true });
    expect(vacuumed.files.length).toBeGreaterThan(0);
    // delta-rs records VACUUM START and VACUUM END as commits 6 and 7.
    const versions = await referee.readVersions(uri, { first: 5 });
    expect(versions.map((v) => [v.version, v.row_count])).toEqual([
      [5, 160],
      [6, 160],
      [7, 160],
    ]);
    rmSync(dirname(uri), { recursive: true, force: true });
  });

  it('times appends that start from JSON lines (pyarrow parses them with the schema)', async () => {
    const referee = await deltaReferee({ cacheDir: join(ROOT, '.cache'), env: process.env });
    const uri = join(mkdtempSync(join(tmpdir(), 'referee-bench-json-')), 'table');
    const rows = Array.from({ length: 20 }, (_, i) => ({ id: i, at: `2026-11-24T10:00:00.${String(i).padStart(3, '0')}Z`, day: `2026-11-2${i % 2}` }));
    const written = await referee.benchWriteJson(uri, rows, { schema: [['id', 'long'], ['at', 'timestamp'], ['day', 'date']], partitionBy: ['day'], batches: 2 });
    expect(written.rows).toBe(20);
    expect(written.seconds).toHaveLength(2);
    const read = await referee.read(uri, { rows: true });
    expect(read.row_count).toBe(60);
    expect(read.rows?.find((row) => row['id'] === 7)).toMatchObject({ at: '2026-11-24T10:00:00.007000Z', day: '2026-11-21' });
    rmSync(dirname(uri), { recursive: true, force: true });
  });
});
