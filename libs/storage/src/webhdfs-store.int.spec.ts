import { randomUUID } from 'node:crypto';
import { serviceEndpoint, type HdfsEndpoint } from '@music/test-support';
import { describeObjectStoreContract } from './object-store-contract';
import { openObjectStore } from './open-object-store';
import { StorageError } from './storage-errors';
import { WebHdfsClient } from './webhdfs-client';

jest.setTimeout(60_000);

let endpoint: HdfsEndpoint | undefined;
const rootPath = `/storage-contract/${randomUUID()}`;

async function hdfs(): Promise<HdfsEndpoint> {
  endpoint ??= await serviceEndpoint('hdfs', process.env);
  return endpoint;
}

async function openRoot(path: string) {
  const { hdfsUrl, webhdfsUrl, user } = await hdfs();
  return openObjectStore(`${hdfsUrl}${path}`, { hdfs: { webhdfsUrl, user } });
}

afterAll(async () => {
  const { webhdfsUrl, user } = await hdfs();
  const client = new WebHdfsClient({ webhdfsUrl, user });
  await client.delete(rootPath, true);
  // The shared parent goes too once no other run uses it (a non-empty directory is refused).
  await client.delete('/storage-contract', false).catch(() => undefined);
});

describeObjectStoreContract('hdfs:// (WebHdfsStore)', () => openRoot(rootPath), { timeoutMs: 60_000 });

describe('WebHdfsStore, specifics', () => {
  it('leaves no temporary file behind after put, putIfAbsent and a refused putIfAbsent', async () => {
    const store = await openRoot(`${rootPath}/no-temp`);
    await store.put('a/b.json', new Uint8Array([1]));
    await store.putIfAbsent('a/c.json', new Uint8Array([2]));
    await expect(store.putIfAbsent('a/c.json', new Uint8Array([3]))).rejects.toThrow(/already exists/);
    const { webhdfsUrl, user } = await hdfs();
    const entries = await new WebHdfsClient({ webhdfsUrl, user }).listStatus(`${rootPath}/no-temp/a`);
    expect(entries?.map((e) => e.pathSuffix).sort()).toEqual(['b.json', 'c.json']);
  });

  it('lists a directory of more entries than one NameNode answer holds (dfs.ls.limit, 1000), in pages', async () => {
    const { webhdfsUrl, user } = await hdfs();
    const client = new WebHdfsClient({ webhdfsUrl, user });
    const names = Array.from({ length: 1_205 }, (_, i) => `${String(i).padStart(20, '0')}.json`);
    const directory = `${rootPath}/many/_delta_log`;
    const pending = [...names];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let name = pending.pop(); name !== undefined; name = pending.pop()) await client.create(`${directory}/${name}`, new Uint8Array([1]), true);
      }),
    );
    // The NameNode does answer in pages here: its first answer leaves entries for the next.
    const firstPage = (await (await fetch(`${webhdfsUrl}/webhdfs/v1${directory}?op=LISTSTATUS_BATCH&user.name=${user}`)).json()) as { DirectoryListing: { remainingEntries: number } };
    expect(firstPage.DirectoryListing.remainingEntries).toBeGreaterThan(0);
    const store = await openRoot(`${rootPath}/many`);
    const listed = await store.list('_delta_log/');
    expect(listed).toHaveLength(names.length);
    expect(listed.map((object) => object.key)).toEqual(names.map((name) => `_delta_log/${name}`));
    expect(new Set(listed.map((object) => object.size))).toEqual(new Set([1]));
  });

  it('names the URI and the remote exception when a path component is a file', async () => {
    const store = await openRoot(`${rootPath}/file-as-dir`);
    await store.put('a', new Uint8Array([1]));
    const error = await store.put('a/b', new Uint8Array([2])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(new RegExp(`^put ${store.uri}/a/b: CREATE .* HTTP 403 ParentNotDirectoryException`));
  });

  it('fails fast with a StorageError naming the URI when WebHDFS is unreachable', async () => {
    const store = openObjectStore('hdfs://127.0.0.1:1/nowhere', {
      hdfs: { webhdfsUrl: 'http://127.0.0.1:1', user: 'music' },
      retry: { maxAttempts: 2, baseDelayMs: 10 },
    });
    const error = await store.get('x.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/^get hdfs:\/\/127\.0\.0\.1:1\/nowhere\/x\.json: .*ECONNREFUSED.*gave up after 2 attempts/);
  });
});
