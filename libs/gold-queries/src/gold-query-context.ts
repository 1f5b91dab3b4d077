import type { EndpointResponse, MetricsEndpointName } from '@music/metrics-contract';
import type { TopicOffsetsSource } from './consumer-lag';
import type { GoldReader } from './gold-reader';
import type { TableView } from './lake-table-reader';
import { cacheKey, type ResponseCache } from './response-cache';
import { encodeResponse } from './response-encoding';

/** What every query needs: the lake, the response cache, and the request's clock. */
export interface GoldQueryContext {
  reader: GoldReader;
  cache: ResponseCache;
  /** Epoch ms of the request. */
  now: number;
  /** UTC day of `now`, for the range presets. */
  today: string;
  /** The events topic's offsets in Kafka, for the consumer lag of /v1/pipeline; without it the lag is not measured. */
  topicOffsets?: TopicOffsetsSource;
}

/** A response body, the bytes to send for it (see encodeResponse), and whether it came from the cache. */
export interface Served<T> {
  body: T;
  encoded: Buffer;
  cache: 'hit' | 'miss';
}

/**
 * Answers from the cache for (endpoint, normalised params, versions of `views`), else computes
 * the body and encodes it once (a body that breaks the contract is an error, and is not kept).
 */
export async function serveCached<Name extends MetricsEndpointName>(
  context: GoldQueryContext,
  endpoint: Name,
  params: Readonly<Record<string, string | number | null>>,
  views: readonly TableView[],
  compute: () => Promise<EndpointResponse<Name>>,
): Promise<Served<EndpointResponse<Name>>> {
  const { value, hit } = await context.cache.getOrCompute(cacheKey(endpoint, params, views), async () => {
    const body = await compute();
    return { body, encoded: encodeResponse(endpoint, body) };
  });
  return { ...value, cache: hit ? 'hit' : 'miss' };
}
