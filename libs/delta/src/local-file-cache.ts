import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ObjectStore } from '@music/storage';
import { DeltaError } from './delta-errors';

/**
 * DuckDB reads Parquet from local paths only (it cannot download its httpfs extension here).
 * For a `file://` store the object is already local and its path is returned as is; for any other
 * store (S3, HDFS) the object is copied once into a cache directory. Data files and checkpoints
 * are immutable under their names, so a copy is keyed by path and reused while its size matches.
 *
 * The copies of one cache directory are bounded in bytes (default 2 GiB) and the least recently
 * used ones are deleted first. The bound is kept per directory for the whole process, whatever
 * the number of tables or stores using it; copies left by earlier processes count too (ordered by
 * modification time). A scan needing more bytes than the bound is refused before any download
 * (CacheCapacityError): raise `cacheMaxBytes` then. VACUUM evicts the copies of the files it
 * deletes (`evict`), so that erased rows do not survive on the reading machine.
 */

export const DEFAULT_CACHE_MAX_BYTES = 2 * 1024 ** 3;
const DEFAULT_CACHE_DIRECTORY = join(tmpdir(), 'music-delta-cache');
const PARTIAL_SUFFIX = '.partial';
/** Partial copies older than this were left by a crashed process. */
const STALE_PARTIAL_MS = 3_600_000;

/** The files one query needs do not fit in the cache bound. */
export class CacheCapacityError extends DeltaError {
  constructor(
    table: string,
    readonly neededBytes: number,
    readonly maxBytes: number,
  ) {
    super(table, `a query needs ${neededBytes} bytes of data files copied locally, more than the local cache bound of ${maxBytes} bytes (raise cacheMaxBytes)`);
    this.name = 'CacheCapacityError';
  }
}

/** Recency-ordered copies of one cache directory (Map order: least recently used first). */
class CacheDirectoryIndex {
  private readonly entries = new Map<string, number>();
  private totalBytes = 0;
  private readonly loaded: Promise<void>;

  constructor(
    private readonly root: string,
    public maxBytes: number,
  ) {
    this.loaded = this.load();
  }

  get bytes(): number {
    return this.totalBytes;
  }

  private async load(): Promise<void> {
    const found = await readdir(this.root, { recursive: true, withFileTypes: true }).catch(() => []);
    const files: { path: string; size: number; mtime: number }[] = [];
    for (const entry of found) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const info = await stat(path).catch(() => undefined);
      if (!info) continue;
      if (entry.name.endsWith(PARTIAL_SUFFIX)) {
        if (Date.now() - info.mtimeMs > STALE_PARTIAL_MS) await rm(path, { force: true });
        continue;
      }
      files.push({ path, size: info.size, mtime: info.mtimeMs });
    }
    files.sort((a, b) => a.mtime - b.mtime);
    for (const file of files) this.set(file.path, file.size);
    await this.evict(undefined);
  }

  private set(path: string, size: number): void {
    const previous = this.entries.get(path);
    if (previous !== undefined) {
      this.totalBytes -= previous;
      this.entries.delete(path);
    }
    this.entries.set(path, size);
    this.totalBytes += size;
  }

  /** Marks `path` (of `size` bytes) as the most recently used copy and evicts beyond the bound. */
  async use(path: string, size: number): Promise<void> {
    await this.loaded;
    this.set(path, size);
    await this.evict(path);
  }

  /** Deletes the copy at `path` (tracked or left by another process). */
  async remove(path: string): Promise<void> {
    await this.loaded;
    const size = this.entries.get(path);
    if (size !== undefined) {
      this.entries.delete(path);
      this.totalBytes -= size;
    }
    await rm(path, { force: true });
  }

  private async evict(keep: string | undefined): Promise<void> {
    for (const [path, size] of this.entries) {
      if (this.totalBytes <= this.maxBytes) return;
      if (path === keep) continue;
      this.entries.delete(path);
      this.totalBytes -= size;
      await rm(path, { force: true });
    }
  }
}

const INDEXES = new Map<string, CacheDirectoryIndex>();

function directoryIndex(directory: string, maxBytes: number): CacheDirectoryIndex {
  const root = resolve(directory);
  let index = INDEXES.get(root);
  if (!index) {
    index = new CacheDirectoryIndex(root, maxBytes);
    INDEXES.set(root, index);
  }
  // Tables sharing a directory with different bounds: the smallest one holds.
  index.maxBytes = Math.min(index.maxBytes, maxBytes);
  return index;
}

export interface LocalFileCacheOptions {
  /** Default: `<OS temp dir>/music-delta-cache`. */
  directory?: string;
  /** Bound on the bytes of copies in the directory (default 2 GiB). */
  maxBytes?: number;
}

export class LocalFileCache {
  private readonly localRoot: string | undefined;
  private readonly cacheRoot: string;
  private readonly index: CacheDirectoryIndex | undefined;
  private readonly inFlight = new Map<string, Promise<string>>();
  readonly maxBytes: number;

  constructor(
    private readonly store: ObjectStore,
    options: LocalFileCacheOptions = {},
  ) {
    const directory = options.directory ?? DEFAULT_CACHE_DIRECTORY;
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    if (!Number.isSafeInteger(this.maxBytes) || this.maxBytes <= 0) throw new TypeError(`cache maxBytes must be a positive integer, got ${options.maxBytes}`);
    this.localRoot = store.uri.startsWith('file:') ? fileURLToPath(store.uri) : undefined;
    const storeId = createHash('sha256').update(store.uri).digest('hex').slice(0, 16);
    this.cacheRoot = join(resolve(directory), storeId);
    this.index = this.localRoot === undefined ? directoryIndex(directory, this.maxBytes) : undefined;
  }

  /** True when objects are read in place (no copy). */
  get isLocal(): boolean {
    return this.localRoot !== undefined;
  }

  /** Bytes of copies in this cache's directory, as tracked by this process. */
  get cachedBytes(): number {
    return this.index?.bytes ?? 0;
  }

  /** Throws CacheCapacityError when the objects one query reads together cannot fit in the bound. */
  assertCapacity(objects: readonly { key: string; size: number }[]): void {
    if (this.localRoot !== undefined) return;
    const needed = objects.reduce((total, object) => total + object.size, 0);
    if (needed > this.maxBytes) throw new CacheCapacityError(this.store.uri, needed, this.maxBytes);
  }

  /** Local filesystem path of the object `key`; `size`, when known, validates a cached copy. */
  async localPath(key: string, size?: number): Promise<string> {
    if (this.localRoot !== undefined) return join(this.localRoot, ...key.split('/'));
    const target = this.cachePath(key);
    const pending = this.inFlight.get(target);
    if (pending) return pending;
    const download = this.download(key, target, size).finally(() => this.inFlight.delete(target));
    this.inFlight.set(target, download);
    return download;
  }

  /**
   * Deletes the local copies of objects that were deleted for good (VACUUM): a copy must not
   * outlive its object, whose rows may have been erased. Partial copies of them go too.
   */
  async evict(keys: readonly string[]): Promise<void> {
    if (this.localRoot !== undefined || keys.length === 0) return;
    const byDirectory = new Map<string, string[]>();
    for (const key of keys) {
      const target = this.cachePath(key);
      await this.inFlight.get(target)?.catch(() => undefined);
      await this.index?.remove(target);
      const names = byDirectory.get(dirname(target)) ?? [];
      names.push(basename(target));
      byDirectory.set(dirname(target), names);
    }
    for (const [directory, names] of byDirectory) {
      const entries = await readdir(directory).catch(() => [] as string[]);
      const partials = entries.filter((entry) => entry.endsWith(PARTIAL_SUFFIX) && names.some((name) => entry.startsWith(`${name}.`)));
      await Promise.all(partials.map((entry) => rm(join(directory, entry), { force: true })));
    }
  }

  private cachePath(key: string): string {
    const target = join(this.cacheRoot, ...key.split('/'));
    if (!target.startsWith(this.cacheRoot + sep)) throw new Error(`object key escapes the cache directory: ${key}`);
    return target;
  }

  private async download(key: string, target: string, size: number | undefined): Promise<string> {
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isFile() && (size === undefined || existing.size === size)) {
      await this.index?.use(target, existing.size);
      return target;
    }
    const body = await this.store.get(key);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}${PARTIAL_SUFFIX}`;
    await writeFile(temporary, body);
    await rename(temporary, target);
    await this.index?.use(target, body.byteLength);
    return target;
  }
}
