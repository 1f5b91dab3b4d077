import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalFileStore } from './local-file-store';
import { describeObjectStoreContract } from './object-store-contract';
import { openObjectStore } from './open-object-store';
import { StorageError } from './storage-errors';

const root = mkdtempSync(join(tmpdir(), 'storage-local-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeObjectStoreContract('file:// (LocalFileStore)', () => openObjectStore(pathToFileURL(join(root, 'contract')).href));

function allFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort();
}

describe('LocalFileStore specifics', () => {
  const text = (value: string) => new TextEncoder().encode(value);

  it('leaves no temporary file behind after put, putIfAbsent and a refused putIfAbsent', async () => {
    const directory = join(root, 'no-temp');
    const store = new LocalFileStore(directory);
    await store.put('a/b.json', text('1'));
    await store.putIfAbsent('a/c.json', text('2'));
    await expect(store.putIfAbsent('a/c.json', text('3'))).rejects.toThrow(/already exists/);
    expect(allFiles(directory)).toEqual(['a/b.json', 'a/c.json']);
  });

  it('tolerates empty directories and skips the temporary files of an interrupted writer', async () => {
    const directory = join(root, 'debris');
    const store = new LocalFileStore(directory, { fsync: false });
    mkdirSync(join(directory, '_delta_log', 'empty', 'deeper'), { recursive: true });
    await store.put('_delta_log/00000000000000000000.json', text('{}'));
    writeFileSync(join(directory, '_delta_log', '.00000000000000000001.json.0b9c5f3e-8f0e-4d38-9b7e-2f6f0a1c9d11.tmp'), 'half');
    expect((await store.list('')).map((o) => o.key)).toEqual(['_delta_log/00000000000000000000.json']);
    expect(await store.list('_delta_log/empty/')).toEqual([]);
  });

  it('has the file URI of its directory and accepts a trailing slash in the URI', async () => {
    const store = openObjectStore(`${pathToFileURL(join(root, 'uri')).href}/`);
    expect(store.uri).toBe(pathToFileURL(join(root, 'uri')).href);
    await store.put('k', text('v'));
    expect(allFiles(join(root, 'uri'))).toEqual(['k']);
  });

  it('wraps a file-system failure in a StorageError naming the URI, with the system error as cause', async () => {
    const store = new LocalFileStore(join(root, 'file-as-dir'));
    await store.put('a', text('file'));
    const error = await store.put('a/b', text('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ operation: 'put', uri: `${store.uri}/a/b` });
    expect((error as Error).cause).toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
    await expect(store.get('a/b')).rejects.toThrow(/not found/);
    expect(await store.head('a/b')).toBeUndefined();
    expect(await store.list('a/')).toEqual([]);
  });
});
