import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InMemoryObjectStore } from '@music/storage/testing';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { LocalFileCache } from './local-file-cache';
import { localStore, temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

let cacheDirectory: TemporaryDirectory;

beforeEach(async () => {
  cacheDirectory = await temporaryDirectory('cache');
});

afterEach(async () => {
  await cacheDirectory.remove();
});

describe('LocalFileCache', () => {
  it('reads file:// objects in place', async () => {
    const table = await temporaryDirectory('in-place');
    try {
      const cache = new LocalFileCache(localStore(table.path), cacheDirectory.path);
      expect(cache.isLocal).toBe(true);
      expect(await cache.localPath('a b/c.parquet')).toBe(join(table.path, 'a b', 'c.parquet'));
    } finally {
      await table.remove();
    }
  });

  it('copies remote objects once, and again when the size differs', async () => {
    const store = new InMemoryObjectStore('memory://lake/t');
    await store.put('d=1/f.parquet', Buffer.from('first'));
    const cache = new LocalFileCache(store, cacheDirectory.path);
    expect(cache.isLocal).toBe(false);
    const [path, again] = await Promise.all([cache.localPath('d=1/f.parquet', 5), cache.localPath('d=1/f.parquet', 5)]);
    expect(path).toBe(again);
    expect(path.startsWith(cacheDirectory.path)).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('first');
    await writeFile(path, 'stale copy');
    await store.put('d=1/f.parquet', Buffer.from('second'));
    expect(await readFile(await cache.localPath('d=1/f.parquet', 6), 'utf8')).toBe('second');
  });

  it('lets a whole table live in a non-local store: write, checkpoint and read back through the cache', async () => {
    const duckdb = await DuckDBSession.create();
    try {
      const store = new InMemoryObjectStore('memory://lake/remote');
      const table = await DeltaTable.create(
        store,
        { schema: { type: 'struct', fields: [{ name: 'id', type: 'long', nullable: false, metadata: {} }, { name: 'p', type: 'string', nullable: true, metadata: {} }] }, partitionColumns: ['p'] },
        { duckdb, cacheDirectory: cacheDirectory.path },
      );
      await table.append([{ id: 1, p: 'x' }, { id: 2, p: 'y' }]);
      await table.checkpoint();
      const reader = await DeltaTable.open(new InMemoryObjectStore('memory://lake/remote', store), { duckdb, cacheDirectory: cacheDirectory.path });
      const rows = await duckdb.rows(`SELECT id, p FROM (${(await reader.scan()).sql}) ORDER BY id`);
      expect(rows).toEqual([{ id: 1n, p: 'x' }, { id: 2n, p: 'y' }]);
      expect((await store.list('_delta_log/')).map((meta) => meta.key)).toContain('_delta_log/00000000000000000001.checkpoint.parquet');
    } finally {
      await duckdb.close();
    }
  });
});
