import { posix } from 'node:path';
import { mapWithConcurrency } from './bounded-concurrency';
import { assertValidRange } from './byte-range';
import { assertValidKey, assertValidPrefix, compareKeys, joinUri } from './object-key';
import type { ByteRange, ObjectMeta, ObjectStore } from './object-store';
import { AlreadyExistsError, NotFoundError, type StorageOperation } from './storage-errors';
import { runStorageOperation, toStorageError, type BackendErrorModel, type RetrySettings } from './storage-operation';
import { isTempObjectName, tempObjectName } from './temp-object-name';
import type { WebHdfsClient } from './webhdfs-client';
import { isTransientWebHdfsError, isWebHdfsAlreadyExists, isWebHdfsNotFound, WebHdfsError } from './webhdfs-error';

export interface WebHdfsStoreConfig extends RetrySettings {
  /** Canonical root URI, e.g. `hdfs://namenode:8020/lake/bronze`. */
  uri: string;
  /** Absolute HDFS path of the root, e.g. `/lake/bronze`. */
  rootPath: string;
  client: WebHdfsClient;
}

const WEBHDFS_ERRORS: BackendErrorModel = { isTransient: isTransientWebHdfsError, isNotFound: isWebHdfsNotFound };
const LIST_CONCURRENCY = 8;

/**
 * Objects as HDFS files, through WebHDFS. Every write creates a temporary sibling and renames
 * it into place on the NameNode, which is atomic: readers never see a file being written, and
 * putIfAbsent's rename (without overwrite) fails with FileAlreadyExistsException for all but
 * one concurrent writer.
 */
export class WebHdfsStore implements ObjectStore {
  readonly uri: string;
  private readonly rootPath: string;
  private readonly client: WebHdfsClient;
  private readonly config: WebHdfsStoreConfig;

  constructor(config: WebHdfsStoreConfig) {
    this.uri = config.uri;
    this.rootPath = config.rootPath.replace(/\/+$/, '');
    this.client = config.client;
    this.config = config;
  }

  async get(key: string): Promise<Uint8Array> {
    assertValidKey(key, 'get', this.uri);
    return this.run('get', key, () => this.client.open(this.pathOf(key)));
  }

  async getRange(key: string, range: ByteRange): Promise<Uint8Array> {
    assertValidKey(key, 'getRange', this.uri);
    assertValidRange(range, joinUri(this.uri, key));
    if (range.start === range.end) {
      if (!(await this.head(key))) throw new NotFoundError('getRange', joinUri(this.uri, key));
      return new Uint8Array(0);
    }
    return this.run('getRange', key, async () => {
      try {
        return await this.client.open(this.pathOf(key), { offset: range.start, length: range.end - range.start });
      } catch (error) {
        // The NameNode refuses an offset at or past the end of the file.
        if (error instanceof WebHdfsError && /Offset=\d+ out of the range/.test(error.message)) return new Uint8Array(0);
        throw error;
      }
    });
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    assertValidKey(key, 'put', this.uri);
    return this.writeThroughTemp('put', key, body);
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<void> {
    assertValidKey(key, 'putIfAbsent', this.uri);
    return this.writeThroughTemp('putIfAbsent', key, body);
  }

  async list(prefix: string): Promise<ObjectMeta[]> {
    assertValidPrefix(prefix, this.uri);
    const found: ObjectMeta[] = [];
    await this.walk(prefix.slice(0, prefix.lastIndexOf('/') + 1), prefix, found);
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  async head(key: string): Promise<ObjectMeta | undefined> {
    assertValidKey(key, 'head', this.uri);
    const status = await this.run('head', key, () => this.client.getFileStatus(this.pathOf(key)));
    if (!status || status.type !== 'FILE') return undefined;
    return { key, size: status.length, lastModified: status.modificationTime };
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key, 'delete', this.uri);
    await this.run('delete', key, async () => {
      try {
        await this.client.delete(this.pathOf(key), false);
      } catch (error) {
        // A directory is not an object: like S3, deleting a key with no object is a no-op.
        if (error instanceof WebHdfsError && error.exception === 'PathIsNotEmptyDirectoryException') return;
        throw error;
      }
    });
  }

  private async writeThroughTemp(operation: 'put' | 'putIfAbsent', key: string, body: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    const temp = posix.join(posix.dirname(path), tempObjectName(posix.basename(path)));
    const overwrite = operation === 'put';
    // Cheap check first: a commit that lost the race is refused without uploading (an upload
    // can take 400 ms on the DataNode); the rename below stays the atomic arbiter.
    if (!overwrite && (await this.run(operation, key, () => this.client.getFileStatus(path)))) {
      throw new AlreadyExistsError(joinUri(this.uri, key));
    }
    try {
      await this.run(operation, key, () => this.client.create(temp, body, true));
      // A rename that failed in transit may have been applied; since nobody else touches our
      // temporary file, its absence on a later attempt proves that our rename went through.
      let mayHaveLanded = false;
      await this.run(operation, key, async () => {
        try {
          await this.client.rename(temp, path, overwrite);
        } catch (error) {
          if (mayHaveLanded && isWebHdfsNotFound(error) && !(await this.client.getFileStatus(temp))) return;
          if (isWebHdfsAlreadyExists(error) && !overwrite) throw new AlreadyExistsError(joinUri(this.uri, key), { cause: error });
          if (isTransientWebHdfsError(error)) mayHaveLanded = true;
          throw error;
        }
      });
    } catch (error) {
      await this.client.delete(temp, false).catch(() => undefined);
      throw toStorageError(operation, joinUri(this.uri, key), error, WEBHDFS_ERRORS);
    }
  }

  private async walk(directoryKey: string, prefix: string, found: ObjectMeta[]): Promise<void> {
    const directoryPath = directoryKey === '' ? this.rootPath || '/' : this.pathOf(directoryKey.slice(0, -1));
    const statuses = await this.run('list', directoryKey, () => this.client.listStatus(directoryPath));
    const subdirectories: string[] = [];
    for (const status of statuses ?? []) {
      // LISTSTATUS of a file answers the file itself, with an empty suffix: no directory here.
      if (status.pathSuffix === '' || isTempObjectName(status.pathSuffix)) continue;
      const key = `${directoryKey}${status.pathSuffix}`;
      if (!key.startsWith(prefix)) continue;
      if (status.type === 'DIRECTORY') subdirectories.push(`${key}/`);
      else if (status.type === 'FILE') found.push({ key, size: status.length, lastModified: status.modificationTime });
    }
    await mapWithConcurrency(subdirectories, LIST_CONCURRENCY, (subdirectory) => this.walk(subdirectory, prefix, found));
  }

  private pathOf(key: string): string {
    return `${this.rootPath}/${key}`;
  }

  private run<T>(operation: StorageOperation, key: string, attempt: () => Promise<T>): Promise<T> {
    return runStorageOperation(operation, joinUri(this.uri, key), attempt, WEBHDFS_ERRORS, this.config);
  }
}
