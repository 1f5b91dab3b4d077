import type { Dirent, Stats } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { mapWithConcurrency } from './bounded-concurrency';
import { assertValidRange } from './byte-range';
import { describeError, errorCode } from './error-details';
import { assertValidKey, assertValidPrefix, compareKeys, joinUri } from './object-key';
import type { ByteRange, ObjectMeta, ObjectStore } from './object-store';
import { fileUriOf } from './store-uri';
import { AlreadyExistsError, NotFoundError, StorageError, type StorageOperation } from './storage-errors';
import { isTempObjectName, tempObjectName } from './temp-object-name';

export interface LocalFileStoreOptions {
  /** fsync every written file before it becomes visible (default true): a commit survives a crash. */
  fsync?: boolean;
}

const STAT_CONCURRENCY = 32;

/**
 * Objects as files under a root directory. Writes go to a temporary sibling first, then
 * `rename` (put) or `link` (putIfAbsent: the kernel refuses an existing name with EEXIST), so
 * readers only ever see complete files and exactly one concurrent creator wins.
 */
export class LocalFileStore implements ObjectStore {
  readonly uri: string;
  private readonly fsync: boolean;

  constructor(
    readonly directory: string,
    options: LocalFileStoreOptions = {},
  ) {
    this.uri = fileUriOf(directory);
    this.fsync = options.fsync ?? true;
  }

  async get(key: string): Promise<Uint8Array> {
    assertValidKey(key, 'get', this.uri);
    try {
      return asBytes(await readFile(this.pathOf(key)));
    } catch (error) {
      throw this.failure('get', key, error);
    }
  }

  async getRange(key: string, range: ByteRange): Promise<Uint8Array> {
    assertValidKey(key, 'getRange', this.uri);
    assertValidRange(range, joinUri(this.uri, key));
    try {
      const handle = await open(this.pathOf(key), 'r');
      try {
        const size = (await handle.stat()).size;
        const end = Math.min(range.end, size);
        const bytes = new Uint8Array(Math.max(0, end - range.start));
        let filled = 0;
        while (filled < bytes.length) {
          const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, range.start + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return bytes.subarray(0, filled);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw this.failure('getRange', key, error);
    }
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    assertValidKey(key, 'put', this.uri);
    const target = this.pathOf(key);
    let temp: string | undefined;
    try {
      temp = await this.writeTemp(target, body);
      await rename(temp, target);
    } catch (error) {
      if (temp) await rm(temp, { force: true });
      throw this.failure('put', key, error);
    }
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<void> {
    assertValidKey(key, 'putIfAbsent', this.uri);
    const target = this.pathOf(key);
    let temp: string | undefined;
    try {
      temp = await this.writeTemp(target, body);
      await link(temp, target);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') throw new AlreadyExistsError(joinUri(this.uri, key), { cause: error });
      if (['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV'].includes(errorCode(error) ?? '') && temp) {
        throw new StorageError('putIfAbsent', joinUri(this.uri, key), `hard links are required for atomic put-if-absent and failed (${describeError(error)})`, {
          cause: error,
        });
      }
      throw this.failure('putIfAbsent', key, error);
    } finally {
      if (temp) await rm(temp, { force: true });
    }
  }

  async list(prefix: string): Promise<ObjectMeta[]> {
    assertValidPrefix(prefix, this.uri);
    const found: ObjectMeta[] = [];
    try {
      await this.walk(prefix.slice(0, prefix.lastIndexOf('/') + 1), prefix, found);
    } catch (error) {
      throw this.failure('list', prefix, error);
    }
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  async head(key: string): Promise<ObjectMeta | undefined> {
    assertValidKey(key, 'head', this.uri);
    try {
      return await this.statObject(key);
    } catch (error) {
      throw this.failure('head', key, error);
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key, 'delete', this.uri);
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if (isMissing(error)) return;
      // A directory is not an object: like S3, deleting a key with no object is a no-op.
      const isDirectory = await stat(path).then((s) => s.isDirectory(), () => false);
      if (isDirectory) return;
      throw this.failure('delete', key, error);
    }
  }

  private pathOf(key: string): string {
    return join(this.directory, ...key.split('/'));
  }

  private async writeTemp(target: string, body: Uint8Array): Promise<string> {
    const directory = dirname(target);
    await mkdir(directory, { recursive: true });
    const temp = join(directory, tempObjectName(basename(target)));
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(body);
      if (this.fsync) await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    return temp;
  }

  private async walk(directoryKey: string, prefix: string, found: ObjectMeta[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(directoryKey === '' ? this.directory : this.pathOf(directoryKey.slice(0, -1)), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    const relevant = entries.filter((entry) => `${directoryKey}${entry.name}`.startsWith(prefix) && !isTempObjectName(entry.name));
    const directories = relevant.filter((entry) => entry.isDirectory());
    const files = relevant.filter((entry) => !entry.isDirectory());
    const metas = await mapWithConcurrency(files, STAT_CONCURRENCY, (entry) => this.statObject(`${directoryKey}${entry.name}`));
    for (const meta of metas) if (meta) found.push(meta);
    for (const entry of directories) await this.walk(`${directoryKey}${entry.name}/`, prefix, found);
  }

  /** Metadata of a regular file, or undefined when there is none (absent, vanished, a directory). */
  private async statObject(key: string): Promise<ObjectMeta | undefined> {
    let stats: Stats;
    try {
      stats = await stat(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    if (!stats.isFile()) return undefined;
    return { key, size: stats.size, lastModified: Math.floor(stats.mtimeMs) };
  }

  private failure(operation: StorageOperation, key: string, error: unknown): StorageError {
    if (error instanceof StorageError) return error;
    const uri = joinUri(this.uri, key);
    if (operation !== 'put' && operation !== 'putIfAbsent' && operation !== 'list' && (isMissing(error) || errorCode(error) === 'EISDIR')) {
      return new NotFoundError(operation, uri, { cause: error });
    }
    return new StorageError(operation, uri, describeError(error), { cause: error });
  }
}

function asBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** ENOTDIR: a path component is a file, so nothing can exist below it. */
function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
