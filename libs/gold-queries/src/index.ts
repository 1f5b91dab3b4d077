// Query and response schemas live in @music/metrics-contract; this library answers them from the lake.
export type { LakeConnection } from './lake-connection';
export { LakeTableReader, type LakeTableReaderOptions, type TableView } from './lake-table-reader';
export { DEFAULT_REFRESH_INTERVAL_MS, GoldReader, type GoldReaderOptions } from './gold-reader';
export { DEFAULT_QUERY_CONNECTIONS } from './query-connections';
export { GoldTableMissingError } from './gold-table-missing-error';
export { cacheKey, DEFAULT_CACHE_ENTRIES, ResponseCache, type CacheOutcome, type ResponseCacheStats } from './response-cache';
export { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
export { resolveRange } from './resolve-range';
export { kpis } from './kpi-queries';
export { topArtists, topTracks } from './top-chart-queries';
export { genresByHourBucket, genresByLocalHour } from './genre-queries';
export { playsByCountry, playsByDevice, playsByPlatform } from './breakdown-queries';
export { timeseries } from './timeseries-queries';
export { trending } from './trending-queries';
export { CONSUMER_LAG_NOT_CONFIGURED, pipelineStatus } from './pipeline-status';
export { consumerLag, type ConsumerLag, type PartitionOffsets, type TopicOffsetsSource } from './consumer-lag';
export { liveActivity } from './live-activity';
