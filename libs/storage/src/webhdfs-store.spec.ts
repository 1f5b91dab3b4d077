import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport';
import { AlreadyExistsError, NotFoundError, StorageError } from './storage-errors';
import { WebHdfsClient } from './webhdfs-client';
import { WebHdfsStore } from './webhdfs-store';

const NAMENODE = 'http://namenode:9870';
const DATANODE = 'http://datanode:9864';
const bytes = (value: string) => new TextEncoder().encode(value);
const json = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, body: bytes(JSON.stringify(body)) });
const remote = (status: number, exception: string, message = exception) => json(status, { RemoteException: { exception, javaClassName: `x.${exception}`, message } });
const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

interface Injection {
  op: string;
  node: 'namenode' | 'datanode';
  /** A response to answer instead, or an error to throw (before or after applying the call). */
  outcome: HttpResponse | Error;
  afterApplying?: boolean;
}

/** An in-memory NameNode + DataNode pair speaking the WebHDFS subset the store uses. */
class FakeHdfs {
  readonly files = new Map<string, Uint8Array>();
  readonly calls: string[] = [];
  readonly injections: Injection[] = [];
  /** Entries per LISTSTATUS_BATCH answer (a NameNode's dfs.ls.limit, 1000 by default). */
  listLimit = 2;
  /** A NameNode before Hadoop 2.8 has no LISTSTATUS_BATCH. */
  knowsBatchListing = true;

  readonly transport: HttpTransport = async (request) => {
    const url = new URL(request.url);
    const op = url.searchParams.get('op') ?? '';
    const node = url.origin === DATANODE ? 'datanode' : 'namenode';
    const path = decodeURIComponent(url.pathname.slice('/webhdfs/v1'.length));
    this.calls.push(`${node} ${op} ${path}`);
    const next = this.injections[0];
    const injection = next && next.op === op && next.node === node ? this.injections.shift() : undefined;
    if (injection && !injection.afterApplying) {
      if (injection.outcome instanceof Error) throw injection.outcome;
      return injection.outcome;
    }
    const response = this.apply(node, op, path, url, request);
    if (injection) {
      if (injection.outcome instanceof Error) throw injection.outcome;
      return injection.outcome;
    }
    return response;
  };

  private apply(node: string, op: string, path: string, url: URL, request: HttpRequest): HttpResponse {
    if ((op === 'CREATE' || op === 'OPEN') && node === 'namenode') {
      if (op === 'OPEN' && !this.files.has(path)) return remote(404, 'FileNotFoundException', `File ${path} does not exist.`);
      return { status: 307, headers: { location: `${DATANODE}${url.pathname}${url.search}` }, body: new Uint8Array(0) };
    }
    switch (op) {
      case 'CREATE':
        if (url.searchParams.get('overwrite') === 'false' && this.files.has(path)) return remote(403, 'FileAlreadyExistsException');
        this.files.set(path, request.body ?? new Uint8Array(0));
        return { status: 201, headers: {}, body: new Uint8Array(0) };
      case 'OPEN': {
        const data = this.files.get(path) ?? new Uint8Array(0);
        const offset = Number(url.searchParams.get('offset') ?? 0);
        return { status: 200, headers: {}, body: data.subarray(offset, offset + Number(url.searchParams.get('length') ?? data.length)) };
      }
      case 'RENAME': {
        const destination = url.searchParams.get('destination') ?? '';
        const data = this.files.get(path);
        if (!data) return remote(404, 'FileNotFoundException', `rename source ${path} is not found.`);
        if (this.files.has(destination) && url.searchParams.get('renameoptions') === 'NONE') return remote(403, 'FileAlreadyExistsException');
        this.files.delete(path);
        this.files.set(destination, data);
        return { status: 200, headers: {}, body: new Uint8Array(0) };
      }
      case 'DELETE':
        return json(200, { boolean: this.files.delete(path) });
      case 'GETFILESTATUS': {
        const data = this.files.get(path);
        if (!data) return remote(404, 'FileNotFoundException');
        return json(200, { FileStatus: { pathSuffix: '', type: 'FILE', length: data.byteLength, modificationTime: 1 } });
      }
      case 'LISTSTATUS': {
        const children = this.children(path);
        if (children.length === 0) return remote(404, 'FileNotFoundException');
        return json(200, { FileStatuses: { FileStatus: children } });
      }
      case 'LISTSTATUS_BATCH': {
        if (!this.knowsBatchListing) {
          return remote(400, 'IllegalArgumentException', 'Invalid value for webhdfs parameter "op": No enum constant org.apache.hadoop.hdfs.web.resources.GetOpParam.Op.LISTSTATUS_BATCH');
        }
        const children = this.children(path);
        if (children.length === 0) return remote(404, 'FileNotFoundException');
        const startAfter = url.searchParams.get('startAfter');
        const rest = startAfter === null ? children : children.filter((child) => child.pathSuffix > startAfter);
        const page = rest.slice(0, this.listLimit);
        return json(200, { DirectoryListing: { partialListing: { FileStatuses: { FileStatus: page } }, remainingEntries: rest.length - page.length } });
      }
      default:
        throw new Error(`the fake does not know ${op}`);
    }
  }

  /** The files directly under `path`, sorted by name as the NameNode lists them. */
  private children(path: string) {
    return [...this.files.entries()]
      .filter(([p]) => p.startsWith(`${path}/`) && !p.slice(path.length + 1).includes('/'))
      .map(([p, d]) => ({ pathSuffix: p.slice(path.length + 1), type: 'FILE', length: d.byteLength, modificationTime: 1 }))
      .sort((a, b) => (a.pathSuffix < b.pathSuffix ? -1 : a.pathSuffix > b.pathSuffix ? 1 : 0));
  }
}

function storeOn(hdfs: FakeHdfs, maxAttempts = 4) {
  return new WebHdfsStore({
    uri: 'hdfs://namenode:8020/lake',
    rootPath: '/lake',
    client: new WebHdfsClient({ webhdfsUrl: NAMENODE, user: 'music' }, hdfs.transport),
    retry: { maxAttempts, baseDelayMs: 1, maxDelayMs: 1 },
    sleep: async () => undefined,
  });
}

describe('WebHdfsStore retries (fake WebHDFS transport)', () => {
  it('writes through a temporary file renamed into place, following the DataNode redirect', async () => {
    const hdfs = new FakeHdfs();
    await storeOn(hdfs).putIfAbsent('_delta_log/0.json', bytes('commit'));
    expect(hdfs.calls.map((c) => c.replace(/\.0\.json\.[0-9a-f-]+\.tmp/, '.0.json.TMP.tmp'))).toEqual([
      'namenode GETFILESTATUS /lake/_delta_log/0.json',
      'namenode CREATE /lake/_delta_log/.0.json.TMP.tmp',
      'datanode CREATE /lake/_delta_log/.0.json.TMP.tmp',
      'namenode RENAME /lake/_delta_log/.0.json.TMP.tmp',
    ]);
    expect([...hdfs.files.keys()]).toEqual(['/lake/_delta_log/0.json']);
  });

  it('retries an upload whose DataNode connection was reset, leaving no temporary file', async () => {
    const hdfs = new FakeHdfs();
    hdfs.injections.push({ op: 'CREATE', node: 'datanode', outcome: connectionReset() });
    await storeOn(hdfs).put('a.json', bytes('payload'));
    expect(hdfs.calls.filter((c) => c.startsWith('datanode CREATE'))).toHaveLength(2);
    expect([...hdfs.files]).toEqual([['/lake/a.json', bytes('payload')]]);
  });

  it('recognises its own rename when the answer was lost after the NameNode applied it', async () => {
    const hdfs = new FakeHdfs();
    hdfs.injections.push({ op: 'RENAME', node: 'namenode', outcome: connectionReset(), afterApplying: true });
    await storeOn(hdfs).putIfAbsent('_delta_log/3.json', bytes('commit 3'));
    expect(hdfs.calls.filter((c) => /RENAME|GETFILESTATUS/.test(c)).map((c) => c.split(' ')[1])).toEqual(['GETFILESTATUS', 'RENAME', 'RENAME', 'GETFILESTATUS']);
    expect([...hdfs.files]).toEqual([['/lake/_delta_log/3.json', bytes('commit 3')]]);
  });

  it('refuses an existing key without uploading anything', async () => {
    const hdfs = new FakeHdfs();
    hdfs.files.set('/lake/_delta_log/3.json', bytes('original'));
    const error = await storeOn(hdfs).putIfAbsent('_delta_log/3.json', bytes('mine')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect(error).toMatchObject({ uri: 'hdfs://namenode:8020/lake/_delta_log/3.json' });
    expect(hdfs.calls).toEqual(['namenode GETFILESTATUS /lake/_delta_log/3.json']);
  });

  it('maps a FileAlreadyExistsException from the rename (a writer won meanwhile) to AlreadyExistsError, removing its temporary file', async () => {
    const hdfs = new FakeHdfs();
    hdfs.injections.push({ op: 'RENAME', node: 'namenode', outcome: remote(403, 'FileAlreadyExistsException', 'rename destination exists') });
    const error = await storeOn(hdfs).putIfAbsent('_delta_log/3.json', bytes('mine')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect(error).toMatchObject({ uri: 'hdfs://namenode:8020/lake/_delta_log/3.json' });
    expect(hdfs.calls.filter((c) => c.includes('RENAME'))).toHaveLength(1);
    expect(hdfs.calls.at(-1)).toMatch(/^namenode DELETE \/lake\/_delta_log\/\.3\.json\..*\.tmp$/);
    expect(hdfs.files.size).toBe(0);
  });

  it('retries a NameNode in standby or safe mode', async () => {
    const hdfs = new FakeHdfs();
    hdfs.files.set('/lake/a', bytes('abc'));
    hdfs.injections.push(
      { op: 'GETFILESTATUS', node: 'namenode', outcome: remote(403, 'StandbyException') },
      { op: 'GETFILESTATUS', node: 'namenode', outcome: remote(403, 'SafeModeException') },
    );
    expect(await storeOn(hdfs).head('a')).toEqual({ key: 'a', size: 3, lastModified: 1 });
    expect(hdfs.calls).toHaveLength(3);
  });

  it('does not retry a 404: NotFoundError naming the URI after one call', async () => {
    const hdfs = new FakeHdfs();
    const error = await storeOn(hdfs).get('nope.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ operation: 'get', uri: 'hdfs://namenode:8020/lake/nope.json' });
    expect(hdfs.calls).toEqual(['namenode OPEN /lake/nope.json']);
  });

  it('gives up after maxAttempts on repeated 500s with a StorageError carrying the remote exception', async () => {
    const hdfs = new FakeHdfs();
    for (let i = 0; i < 3; i++) hdfs.injections.push({ op: 'LISTSTATUS_BATCH', node: 'namenode', outcome: remote(500, 'RuntimeException', 'boom') });
    const error = await storeOn(hdfs, 3).list('').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe('list hdfs://namenode:8020/lake: LISTSTATUS_BATCH /lake: HTTP 500 RuntimeException: boom (gave up after 3 attempts)');
    expect(hdfs.calls).toHaveLength(3);
  });

  it('rejects an answer that is not the documented JSON, naming the URI', async () => {
    const hdfs = new FakeHdfs();
    hdfs.injections.push({ op: 'LISTSTATUS_BATCH', node: 'namenode', outcome: json(200, { DirectoryListing: { partialListing: { FileStatuses: { FileStatus: [{ pathSuffix: 'x' }] } }, remainingEntries: 0 } }) });
    await expect(storeOn(hdfs).list('')).rejects.toThrow(/^list hdfs:\/\/namenode:8020\/lake: LISTSTATUS_BATCH \/lake: unexpected answer/);
  });

  it('lists a directory in pages of the NameNode\'s limit, each starting after the last name of the one before', async () => {
    const hdfs = new FakeHdfs();
    const names = ['e', 'a', 'd', 'b', 'c'];
    for (const name of names) hdfs.files.set(`/lake/log/${name}`, bytes(name));
    const listed = await storeOn(hdfs).list('log/');
    expect(listed.map((object) => object.key)).toEqual(['log/a', 'log/b', 'log/c', 'log/d', 'log/e']);
    expect(hdfs.calls.filter((call) => call.includes('LISTSTATUS'))).toEqual(['namenode LISTSTATUS_BATCH /lake/log', 'namenode LISTSTATUS_BATCH /lake/log', 'namenode LISTSTATUS_BATCH /lake/log']);
  });

  it('lists in one LISTSTATUS answer, from then on, when the NameNode does not know LISTSTATUS_BATCH', async () => {
    const hdfs = new FakeHdfs();
    hdfs.knowsBatchListing = false;
    for (const name of ['a', 'b', 'c']) hdfs.files.set(`/lake/log/${name}`, bytes(name));
    const store = storeOn(hdfs);
    expect((await store.list('log/')).map((object) => object.key)).toEqual(['log/a', 'log/b', 'log/c']);
    expect((await store.list('log/')).map((object) => object.key)).toEqual(['log/a', 'log/b', 'log/c']);
    expect(hdfs.calls.filter((call) => call.includes('LISTSTATUS'))).toEqual(['namenode LISTSTATUS_BATCH /lake/log', 'namenode LISTSTATUS /lake/log', 'namenode LISTSTATUS /lake/log']);
  });

  it('reports a redirect without Location', async () => {
    const hdfs = new FakeHdfs();
    hdfs.files.set('/lake/a', bytes('abc'));
    hdfs.injections.push({ op: 'OPEN', node: 'namenode', outcome: { status: 307, headers: {}, body: new Uint8Array(0) } });
    await expect(storeOn(hdfs).get('a')).rejects.toThrow('get hdfs://namenode:8020/lake/a: OPEN /lake/a: the NameNode answered 307 without a Location');
  });
});
