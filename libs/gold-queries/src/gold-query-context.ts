import type { GoldReader } from './gold-reader';
import type { TableView } from './lake-table-reader';
import { cacheKey, type ResponseCache } from './response-cache';

/** What every query needs: the lake, the response cache, and the request's clock. */
export interface GoldQueryContext {
  reader: GoldReader;
  cache: ResponseCache;
  /** Epoch ms of the request. */
  now: number;
  /** UTC day of `now`, for the range presets. */
  today: string;
}

/** A response body and whether it came from the cache. */
export interface Served<T> {
  body: T;
  cache: 'hit' | 'miss';
}

/** Answers from the cache for (endpoint, normalised params, versions of `views`), else computes. */
export async function serveCached<T>(
  context: GoldQueryContext,
  endpoint: string,
  params: Readonly<Record<string, string | number | null>>,
  views: readonly TableView[],
  compute: () => Promise<T>,
): Promise<Served<T>> {
  const { value, hit } = await context.cache.getOrCompute(cacheKey(endpoint, params, views), compute);
  return { body: value, cache: hit ? 'hit' : 'miss' };
}
