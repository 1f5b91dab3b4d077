export { addDays, dayCount, daysOf, minuteStart, presetRange, previousRange, RANGE_PRESETS, todayWithin, utcDay, type DataDays, type DayRange, type RangePreset } from './date-range';
export { FILTER_DIMENSIONS, GOLD_TABLE_DIMENSIONS, HOUR_BUCKET_NAMES, type FilterDimension, type HourBucketName, type ReadGoldTable } from './gold-table-dimensions';
export {
  checkRangeParams,
  checkRangeSpan,
  countryParam,
  dayParam,
  DEFAULT_RANGE,
  endpointQuery,
  FIRST_QUERYABLE_DAY,
  genreParam,
  LAST_QUERYABLE_DAY,
  limitParam,
  platformParam,
  rangeParams,
  type RangeQuery,
} from './query-params';
export { listenerDaysField, rangeFields, tableVersionFields } from './response-fields';
export { errorResponse, validationErrorResponse, type ErrorResponse, type ValidationErrorResponse } from './error-body';
export { kpisQuery, kpisResponse, type KpiComparison, type KpisQuery, type KpisResponse } from './kpi-schemas';
export {
  topArtistsQuery,
  topArtistsResponse,
  topTracksQuery,
  topTracksResponse,
  type TopArtistsQuery,
  type TopArtistsResponse,
  type TopTracksQuery,
  type TopTracksResponse,
} from './top-chart-schemas';
export {
  genresByHourBucketQuery,
  genresByHourBucketResponse,
  genresByLocalHourQuery,
  genresByLocalHourResponse,
  type GenresByHourBucketQuery,
  type GenresByHourBucketResponse,
  type GenresByLocalHourQuery,
  type GenresByLocalHourResponse,
} from './genre-schemas';
export {
  playsByCountryQuery,
  playsByCountryResponse,
  playsByDeviceQuery,
  playsByDeviceResponse,
  playsByPlatformQuery,
  playsByPlatformResponse,
  type PlaysByCountryQuery,
  type PlaysByCountryResponse,
  type PlaysByDeviceQuery,
  type PlaysByDeviceResponse,
  type PlaysByPlatformQuery,
  type PlaysByPlatformResponse,
} from './breakdown-schemas';
export { MAX_SERIES_DAYS, timeseriesQuery, timeseriesResponse, type TimeseriesQuery, type TimeseriesResponse } from './timeseries-schemas';
export { trendingQuery, trendingResponse, type TrendingQuery, type TrendingResponse } from './trending-schemas';
export { LAKE_LAYERS, QUARANTINE_REASONS_LISTED, pipelineQuery, pipelineResponse, type LakeLayer, type PipelineQuery, type PipelineResponse } from './pipeline-schemas';
export { LIVE_DEFAULT_MINUTES, LIVE_MAX_MINUTES, liveQuery, liveResponse, type LiveQuery, type LiveResponse } from './live-schemas';
export { METRICS_ENDPOINTS, type EndpointParams, type EndpointResponse, type MetricsEndpointName } from './metrics-endpoints';
