/** What a cached computation answered, and whether it came from the cache. */
export interface CacheOutcome<T> {
  value: T;
  hit: boolean;
}

export interface ResponseCacheStats {
  entries: number;
  hits: number;
  misses: number;
}

export const DEFAULT_CACHE_ENTRIES = 500;

/**
 * Responses by key, least recently used evicted beyond `maxEntries`. Keys include the version
 * of the table read (see cacheKey), so a new version is a miss and stale entries simply age out.
 * Concurrent requests for one key share one computation; a failed computation is not kept.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxEntries = DEFAULT_CACHE_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`cache size must be a positive integer, got ${maxEntries}`);
  }

  async getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<CacheOutcome<T>> {
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      this.hits++;
      return { value: (await cached) as T, hit: true };
    }
    this.misses++;
    const pending = compute();
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return { value: await pending, hit: false };
  }

  stats(): ResponseCacheStats {
    return { entries: this.entries.size, hits: this.hits, misses: this.misses };
  }
}

/** The cache key of a response: endpoint, its normalised parameters, and each table version read. */
export function cacheKey(endpoint: string, params: Readonly<Record<string, string | number | null>>, tables: readonly { name: string; version: number }[]): string {
  const sortedParams = Object.keys(params)
    .sort()
    .map((name) => [name, params[name]]);
  return JSON.stringify([endpoint, sortedParams, tables.map((t) => `${t.name}@${t.version}`)]);
}
