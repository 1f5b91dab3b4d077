import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ObjectStore } from '@music/storage';

/**
 * DuckDB reads Parquet from local paths only (it cannot download its httpfs extension here).
 * For a `file://` store the object is already local and its path is returned as is; for any other
 * store (S3, HDFS) the object is copied once into a cache directory. Data files and checkpoints
 * are immutable under their names, so a cached copy never goes stale; copies are not evicted.
 */
export class LocalFileCache {
  private readonly localRoot: string | undefined;
  private readonly cacheRoot: string;
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly store: ObjectStore,
    cacheDirectory: string = join(tmpdir(), 'music-delta-cache'),
  ) {
    this.localRoot = store.uri.startsWith('file:') ? fileURLToPath(store.uri) : undefined;
    const storeId = createHash('sha256').update(store.uri).digest('hex').slice(0, 16);
    this.cacheRoot = join(cacheDirectory, storeId);
  }

  /** True when objects are read in place (no copy). */
  get isLocal(): boolean {
    return this.localRoot !== undefined;
  }

  /** Local filesystem path of the object `key`; `size`, when known, validates a cached copy. */
  async localPath(key: string, size?: number): Promise<string> {
    if (this.localRoot !== undefined) return join(this.localRoot, ...key.split('/'));
    const target = join(this.cacheRoot, ...key.split('/'));
    if (!target.startsWith(this.cacheRoot + sep)) throw new Error(`object key escapes the cache directory: ${key}`);
    const pending = this.inFlight.get(target);
    if (pending) return pending;
    const download = this.download(key, target, size).finally(() => this.inFlight.delete(target));
    this.inFlight.set(target, download);
    return download;
  }

  private async download(key: string, target: string, size: number | undefined): Promise<string> {
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isFile() && (size === undefined || existing.size === size)) return target;
    const body = await this.store.get(key);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}.partial`;
    await writeFile(temporary, body);
    await rename(temporary, target);
    return target;
  }
}
