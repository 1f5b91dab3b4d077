import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  });
});
