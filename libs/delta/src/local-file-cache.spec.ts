import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InMemoryObjectStore } from '@music/storage/testing';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { CacheCapacityError, LocalFileCache } from './local-file-cache';
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
      const cache = new LocalFileCache(localStore(table.path), { directory: cacheDirectory.path });
      expect(cache.isLocal).toBe(true);
      expect(await cache.localPath('a b/c.parquet')).toBe(join(table.path, 'a b', 'c.parquet'));
    } finally {
      await table.remove();
    }
  });

  it('copies remote objects once, and again when the size differs', async () => {
    const store = new InMemoryObjectStore('memory://lake/t');
    await store.put('d=1/f.parquet', Buffer.from('first'));
    const cache = new LocalFileCache(store, { directory: cacheDirectory.path });
    expect(cache.isLocal).toBe(false);
    const [path, again] = await Promise.all([cache.localPath('d=1/f.parquet', 5), cache.localPath('d=1/f.parquet', 5)]);
    expect(path).toBe(again);
    expect(path.startsWith(cacheDirectory.path)).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('first');
    await writeFile(path, 'stale copy');
    await store.put('d=1/f.parquet', Buffer.from('second'));
    expect(await readFile(await cache.localPath('d=1/f.parquet', 6), 'utf8')).toBe('second');
  });

  it('evicts the least recently used copies beyond its byte bound, across caches sharing the directory', async () => {
    const store = new InMemoryObjectStore('memory://lake/lru');
    for (const name of ['a', 'b', 'c', 'd']) await store.put(`${name}.parquet`, Buffer.alloc(40, name));
    const cache = new LocalFileCache(store, { directory: cacheDirectory.path, maxBytes: 100 });
    const exists = (path: string) => stat(path).then(() => true, () => false);
    const a = await cache.localPath('a.parquet', 40);
    const b = await cache.localPath('b.parquet', 40);
    expect(cache.cachedBytes).toBe(80);
    await cache.localPath('a.parquet', 40); // a is now more recent than b
    const c = await cache.localPath('c.parquet', 40);
    expect(await exists(b)).toBe(false);
    expect([await exists(a), await exists(c)]).toEqual([true, true]);
    expect(cache.cachedBytes).toBe(80);
    // Another table on another store, same directory: one bound for both.
    const other = new InMemoryObjectStore('memory://lake/other');
    await other.put('x.parquet', Buffer.alloc(40, 'x'));
    const x = await new LocalFileCache(other, { directory: cacheDirectory.path, maxBytes: 100 }).localPath('x.parquet', 40);
    expect(await exists(a)).toBe(false);
    expect([await exists(c), await exists(x)]).toEqual([true, true]);
    // An evicted copy is fetched again when needed.
    expect(await readFile(await cache.localPath('b.parquet', 40), 'utf8')).toBe('b'.repeat(40));
  });

  it('counts copies left by an earlier process, oldest first, and refuses a query larger than the bound', async () => {
    const storeDirectory = join(cacheDirectory.path, 'earlier');
    await mkdir(storeDirectory, { recursive: true });
    const old = join(storeDirectory, 'old.parquet');
    const recent = join(storeDirectory, 'recent.parquet');
    await writeFile(old, Buffer.alloc(60));
    await writeFile(recent, Buffer.alloc(30));
    await utimes(old, new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:00:00Z'));
    const store = new InMemoryObjectStore('memory://lake/after-restart');
    await store.put('new.parquet', Buffer.alloc(30));
    const cache = new LocalFileCache(store, { directory: cacheDirectory.path, maxBytes: 80 });
    await cache.localPath('new.parquet', 30);
    expect(await stat(old).then(() => true, () => false)).toBe(false);
    expect(await stat(recent).then(() => true, () => false)).toBe(true);
    expect(cache.cachedBytes).toBe(60);
    expect(() => cache.assertCapacity([{ key: 'p1', size: 50 }, { key: 'p2', size: 31 }])).toThrow(CacheCapacityError);
    expect(() => cache.assertCapacity([{ key: 'p1', size: 50 }, { key: 'p2', size: 30 }])).not.toThrow();
  });

  it('evicts the copies (and partial copies) of deleted objects, and only those', async () => {
    const store = new InMemoryObjectStore('memory://lake/evict');
    for (const name of ['gone', 'kept']) await store.put(`d=1/${name}.parquet`, Buffer.alloc(10, name));
    const cache = new LocalFileCache(store, { directory: cacheDirectory.path });
    const gone = await cache.localPath('d=1/gone.parquet', 10);
    const kept = await cache.localPath('d=1/kept.parquet', 10);
    const partial = `${gone}.0b4c-crashed.partial`;
    await writeFile(partial, 'half');
    expect(cache.cachedBytes).toBe(20);
    await cache.evict(['d=1/gone.parquet', 'd=1/never-copied.parquet']);
    expect((await readdir(join(gone, '..'))).sort()).toEqual(['kept.parquet']);
    expect(await readFile(kept, 'utf8')).toBe('kept'.repeat(3).slice(0, 10));
    expect(cache.cachedBytes).toBe(10);
    expect(await stat(partial).then(() => true, () => false)).toBe(false);
  });

  it('VACUUM deletes the local copies of the files it deletes', async () => {
    const duckdb = await DuckDBSession.create();
    try {
      const store = new InMemoryObjectStore('memory://lake/vacuumed');
      const table = await DeltaTable.create(
        store,
        { schema: { type: 'struct', fields: [{ name: 'id', type: 'long', nullable: false, metadata: {} }] } },
        { duckdb, cacheDirectory: cacheDirectory.path },
      );
      await table.append([{ id: 1 }, { id: 2 }]);
      const [first] = (await table.refresh()).files;
      await duckdb.rows(`SELECT count(*) FROM (${(await table.scan()).sql})`);
      await table.delete([{ column: 'id', op: '=', value: 1 }]);
      const [second] = (await table.refresh()).files;
      await duckdb.rows(`SELECT count(*) FROM (${(await table.scan()).sql})`);
      const copies = async () => (await readdir(cacheDirectory.path, { recursive: true })).filter((name) => name.endsWith('.parquet')).map((name) => name.split('/').pop());
      const name = (file: typeof first) => (file?.location.kind === 'table' ? file.location.key : '');
      expect((await copies()).sort()).toEqual([name(first), name(second)].sort());
      const vacuumed = await table.vacuum({ retentionHours: 0, force: true });
      expect(vacuumed.files.map((file) => file.key)).toEqual([name(first)]);
      expect(await copies()).toEqual([name(second)]);
      await table.close();
    } finally {
      await duckdb.close();
    }
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
