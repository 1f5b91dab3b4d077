import { z } from 'zod';
import { createNodeHttpTransport, type HttpResponse, type HttpTransport } from './http-transport';
import type { WebHdfsOptions } from './storage-options';
import { isWebHdfsNotFound, WebHdfsError } from './webhdfs-error';

const fileStatusSchema = z.object({
  pathSuffix: z.string(),
  type: z.enum(['FILE', 'DIRECTORY', 'SYMLINK']),
  length: z.number(),
  modificationTime: z.number(),
});
export type WebHdfsFileStatus = z.infer<typeof fileStatusSchema>;

const fileStatusesSchema = z.object({ FileStatus: z.array(fileStatusSchema) });
const listStatusSchema = z.object({ FileStatuses: fileStatusesSchema });
const listStatusBatchSchema = z.object({
  DirectoryListing: z.object({ partialListing: z.object({ FileStatuses: fileStatusesSchema }), remainingEntries: z.number() }),
});
const getFileStatusSchema = z.object({ FileStatus: fileStatusSchema });
const booleanSchema = z.object({ boolean: z.boolean() });

/**
 * The WebHDFS REST calls the store needs, on absolute HDFS paths. CREATE and OPEN are
 * answered by the NameNode with a 307 to a DataNode, which is followed by hand so that the
 * upload body is sent once, to the DataNode. No retries here: the store retries whole steps.
 */
export class WebHdfsClient {
  private readonly baseUrl: string;
  private readonly user: string;
  private readonly transport: HttpTransport;
  /** Set once the NameNode refused LISTSTATUS_BATCH (Hadoop before 2.8): list in one answer then. */
  private listsInOneAnswer = false;

  constructor(options: WebHdfsOptions, transport?: HttpTransport) {
    this.baseUrl = options.webhdfsUrl.replace(/\/+$/, '');
    this.user = options.user;
    this.transport = transport ?? createNodeHttpTransport({ timeoutMs: options.requestTimeoutMs ?? 30_000 });
  }

  async create(path: string, body: Uint8Array, overwrite: boolean): Promise<void> {
    const response = await this.call('PUT', path, 'CREATE', { overwrite: String(overwrite) }, body);
    if (response.status !== 201) throw WebHdfsError.fromResponse(`CREATE ${path}`, response.status, response.body);
  }

  async open(path: string, range?: { offset: number; length: number }): Promise<Uint8Array> {
    const params: Record<string, string> = range ? { offset: String(range.offset), length: String(range.length) } : {};
    const response = await this.call('GET', path, 'OPEN', params);
    if (response.status !== 200) throw WebHdfsError.fromResponse(`OPEN ${path}`, response.status, response.body);
    return response.body;
  }

  /** Atomic NameNode rename; without `overwrite` an existing destination is a FileAlreadyExistsException. */
  async rename(source: string, destination: string, overwrite: boolean): Promise<void> {
    const response = await this.call('PUT', source, 'RENAME', { destination, renameoptions: overwrite ? 'OVERWRITE' : 'NONE' });
    if (response.status !== 200) throw WebHdfsError.fromResponse(`RENAME ${source} to ${destination}`, response.status, response.body);
  }

  /** True when something was deleted, false when the path did not exist. */
  async delete(path: string, recursive: boolean): Promise<boolean> {
    const response = await this.call('DELETE', path, 'DELETE', { recursive: String(recursive) });
    if (response.status !== 200) throw WebHdfsError.fromResponse(`DELETE ${path}`, response.status, response.body);
    return this.parse(`DELETE ${path}`, booleanSchema, response).boolean;
  }

  async getFileStatus(path: string): Promise<WebHdfsFileStatus | undefined> {
    const response = await this.call('GET', path, 'GETFILESTATUS');
    if (response.status !== 200) {
      const error = WebHdfsError.fromResponse(`GETFILESTATUS ${path}`, response.status, response.body);
      if (isWebHdfsNotFound(error)) return undefined;
      throw error;
    }
    return this.parse(`GETFILESTATUS ${path}`, getFileStatusSchema, response).FileStatus;
  }

  /**
   * The entries of a directory (a file lists as itself with an empty pathSuffix); undefined when
   * absent. Read in pages of the NameNode's `dfs.ls.limit` entries (LISTSTATUS_BATCH): one
   * LISTSTATUS answer holds every entry, hundreds of megabytes for a Delta log of millions of
   * files, more than a JavaScript string can hold.
   */
  async listStatus(path: string): Promise<WebHdfsFileStatus[] | undefined> {
    if (this.listsInOneAnswer) return this.listStatusInOneAnswer(path);
    const statuses: WebHdfsFileStatus[] = [];
    let startAfter: string | undefined;
    for (;;) {
      const response = await this.call('GET', path, 'LISTSTATUS_BATCH', startAfter === undefined ? {} : { startAfter });
      if (response.status !== 200) {
        const error = WebHdfsError.fromResponse(`LISTSTATUS_BATCH ${path}`, response.status, response.body);
        if (isWebHdfsNotFound(error)) return undefined;
        if (startAfter === undefined && isUnknownOperation(error, 'LISTSTATUS_BATCH')) {
          this.listsInOneAnswer = true;
          return this.listStatusInOneAnswer(path);
        }
        throw error;
      }
      const page = this.parse(`LISTSTATUS_BATCH ${path}`, listStatusBatchSchema, response).DirectoryListing;
      const entries = page.partialListing.FileStatuses.FileStatus;
      statuses.push(...entries);
      const last = entries.at(-1);
      if (page.remainingEntries === 0 || last === undefined || last.pathSuffix === '') return statuses;
      startAfter = last.pathSuffix;
    }
  }

  private async listStatusInOneAnswer(path: string): Promise<WebHdfsFileStatus[] | undefined> {
    const response = await this.call('GET', path, 'LISTSTATUS');
    if (response.status !== 200) {
      const error = WebHdfsError.fromResponse(`LISTSTATUS ${path}`, response.status, response.body);
      if (isWebHdfsNotFound(error)) return undefined;
      throw error;
    }
    return this.parse(`LISTSTATUS ${path}`, listStatusSchema, response).FileStatuses.FileStatus;
  }

  private async call(method: string, path: string, op: string, params: Record<string, string> = {}, body?: Uint8Array): Promise<HttpResponse> {
    const query = new URLSearchParams({ op, 'user.name': this.user, ...params });
    const url = `${this.baseUrl}/webhdfs/v1${encodePath(path)}?${query}`;
    const first = await this.transport({ method, url });
    if (first.status !== 307) return first;
    const location = first.headers['location'];
    if (!location) throw new WebHdfsError(307, undefined, `${op} ${path}: the NameNode answered 307 without a Location`);
    return this.transport({ method, url: location, body, headers: body ? { 'content-type': 'application/octet-stream' } : {} });
  }

  private parse<T>(what: string, schema: z.ZodType<T>, response: HttpResponse): T {
    const text = Buffer.from(response.body).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new WebHdfsError(response.status, undefined, `${what}: the answer is not JSON: ${text.slice(0, 200)}`, { cause: error });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new WebHdfsError(response.status, undefined, `${what}: unexpected answer ${text.slice(0, 200)}`, { cause: parsed.error });
    }
    return parsed.data;
  }
}

/** How a NameNode too old for an operation refuses it: `No enum constant …GetOpParam.Op.<OP>`. */
function isUnknownOperation(error: WebHdfsError, op: string): boolean {
  return error.status === 400 && error.exception === 'IllegalArgumentException' && error.message.includes(op);
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
