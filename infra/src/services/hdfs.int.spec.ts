import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { serviceEndpoint, type HdfsEndpoint } from '@music/test-support';

jest.setTimeout(60_000);

/**
 * The DataNode answers every upload with an unsolicited `100 Continue`, which fetch (undici)
 * rejects as a bad response; node:http skips it as HTTP/1.1 allows.
 */
function httpCall(method: string, url: string, body?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: body === undefined ? {} : { 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve(new Response(chunks.length === 0 ? null : Buffer.concat(chunks), { status: res.statusCode ?? 0 })),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A WebHDFS call; CREATE and OPEN answer 307 with the datanode to talk to, which we follow. */
async function webhdfs(hdfs: HdfsEndpoint, method: string, path: string, op: string, params: Record<string, string> = {}, body?: string) {
  const query = new URLSearchParams({ op, 'user.name': hdfs.user, ...params });
  const url = `${hdfs.webhdfsUrl}/webhdfs/v1${path}?${query}`;
  const first = await fetch(url, { method, redirect: 'manual' });
  if (first.status !== 307) return first;
  const location = first.headers.get('location');
  if (!location) throw new Error(`307 without Location for ${op} ${path}`);
  await first.arrayBuffer();
  return httpCall(method, location, body);
}

describe('local HDFS through WebHDFS (real)', () => {
  let hdfs: HdfsEndpoint;
  const dir = `/infra-check/${randomUUID()}`;

  beforeAll(async () => {
    hdfs = await serviceEndpoint('hdfs', process.env);
  });

  afterAll(async () => {
    await webhdfs(hdfs, 'DELETE', dir, 'DELETE', { recursive: 'true' }).catch(() => undefined);
  });

  it('creates, reads, lists and deletes files', async () => {
    expect(await (await webhdfs(hdfs, 'PUT', dir, 'MKDIRS')).json()).toEqual({ boolean: true });
    const created = await webhdfs(hdfs, 'PUT', `${dir}/a.json`, 'CREATE', { overwrite: 'false' }, '{"a":1}');
    expect(created.status).toBe(201);
    const read = await webhdfs(hdfs, 'GET', `${dir}/a.json`, 'OPEN');
    expect(read.status).toBe(200);
    expect(await read.text()).toBe('{"a":1}');

    const listing = (await (await webhdfs(hdfs, 'GET', dir, 'LISTSTATUS')).json()) as {
      FileStatuses: { FileStatus: { pathSuffix: string; length: number; type: string }[] };
    };
    expect(listing.FileStatuses.FileStatus).toEqual([expect.objectContaining({ pathSuffix: 'a.json', length: 7, type: 'FILE' })]);

    expect(await (await webhdfs(hdfs, 'DELETE', `${dir}/a.json`, 'DELETE')).json()).toEqual({ boolean: true });
    const gone = await webhdfs(hdfs, 'GET', `${dir}/a.json`, 'GETFILESTATUS');
    expect(gone.status).toBe(404);
  });

  it('refuses CREATE with overwrite=false on an existing path, keeping the original', async () => {
    const path = `${dir}/_delta_log/00000000000000000000.json`;
    expect((await webhdfs(hdfs, 'PUT', path, 'CREATE', { overwrite: 'false' }, 'first')).status).toBe(201);
    const second = await webhdfs(hdfs, 'PUT', path, 'CREATE', { overwrite: 'false' }, 'second');
    expect(second.status).toBe(403);
    const body = (await second.json()) as { RemoteException: { exception: string } };
    expect(body.RemoteException.exception).toBe('FileAlreadyExistsException');
    expect(await (await webhdfs(hdfs, 'GET', path, 'OPEN')).text()).toBe('first');
  });
});
