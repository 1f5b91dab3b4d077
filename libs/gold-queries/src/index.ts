export { addDays, dayCount, daysOf, presetRange, previousRange, RANGE_PRESETS, utcDay, type DataDays, type DayRange, type RangePreset } from './date-range';
export type { LakeConnection } from './lake-connection';
export { LakeTableReader, type LakeTableReaderOptions, type TableView } from './lake-table-reader';
export { DEFAULT_REFRESH_INTERVAL_MS, GoldReader, type GoldReaderOptions } from './gold-reader';
export { GoldTableMissingError } from './gold-table-missing-error';
export { cacheKey, DEFAULT_CACHE_ENTRIES, ResponseCache, type CacheOutcome, type ResponseCacheStats } from './response-cache';
export { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
export { checkRangeParams, DEFAULT_RANGE, endpointQuery, resolveRange, type RangeQuery } from './query-params';
export { kpis, kpisQuery, kpisResponse, type KpisQuery, type KpisResponse } from './kpi-queries';
export {
  topArtists,
  topArtistsQuery,
  topArtistsResponse,
  topTracks,
  topTracksQuery,
  topTracksResponse,
  type TopArtistsQuery,
  type TopArtistsResponse,
  type TopTracksQuery,
  type TopTracksResponse,
} from './top-chart-queries';
export {
  genresByHourBucket,
  genresByHourBucketQuery,
  genresByHourBucketResponse,
  genresByLocalHour,
  genresByLocalHourQuery,
  genresByLocalHourResponse,
  type GenresByHourBucketQuery,
  type GenresByHourBucketResponse,
  type GenresByLocalHourQuery,
  type GenresByLocalHourResponse,
} from './genre-queries';
export {
  playsByCountry,
  playsByCountryQuery,
  playsByCountryResponse,
  playsByDevice,
  playsByDeviceQuery,
  playsByDeviceResponse,
  playsByPlatform,
  playsByPlatformQuery,
  playsByPlatformResponse,
  type PlaysByCountryQuery,
  type PlaysByCountryResponse,
  type PlaysByDeviceQuery,
  type PlaysByDeviceResponse,
  type PlaysByPlatformQuery,
  type PlaysByPlatformResponse,
} from './breakdown-queries';
export { MAX_SERIES_DAYS, timeseries, timeseriesQuery, timeseriesResponse, type TimeseriesQuery, type TimeseriesResponse } from './timeseries-queries';
export { trending, trendingQuery, trendingResponse, type TrendingQuery, type TrendingResponse } from './trending-queries';
export { CONSUMER_LAG_NOTE, pipelineQuery, pipelineResponse, pipelineStatus, type PipelineQuery, type PipelineResponse } from './pipeline-status';
