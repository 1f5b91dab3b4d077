import type { z } from 'zod';
import { playsByCountryQuery, playsByCountryResponse, playsByDeviceQuery, playsByDeviceResponse, playsByPlatformQuery, playsByPlatformResponse } from './breakdown-schemas';
import { genresByHourBucketQuery, genresByHourBucketResponse, genresByLocalHourQuery, genresByLocalHourResponse } from './genre-schemas';
import { kpisQuery, kpisResponse } from './kpi-schemas';
import { liveQuery, liveResponse } from './live-schemas';
import { pipelineQuery, pipelineResponse } from './pipeline-schemas';
import { timeseriesQuery, timeseriesResponse } from './timeseries-schemas';
import { topArtistsQuery, topArtistsResponse, topTracksQuery, topTracksResponse } from './top-chart-schemas';
import { trendingQuery, trendingResponse } from './trending-schemas';

/** Every read endpoint of the API: its path, querystring schema and 200 response schema. */
export const METRICS_ENDPOINTS = {
  kpis: { path: '/v1/kpis', query: kpisQuery, response: kpisResponse },
  topArtists: { path: '/v1/top-artists', query: topArtistsQuery, response: topArtistsResponse },
  topTracks: { path: '/v1/top-tracks', query: topTracksQuery, response: topTracksResponse },
  genresByHourBucket: { path: '/v1/genres/hour-buckets', query: genresByHourBucketQuery, response: genresByHourBucketResponse },
  genresByLocalHour: { path: '/v1/genres/local-hours', query: genresByLocalHourQuery, response: genresByLocalHourResponse },
  playsByCountry: { path: '/v1/plays/by-country', query: playsByCountryQuery, response: playsByCountryResponse },
  playsByPlatform: { path: '/v1/plays/by-platform', query: playsByPlatformQuery, response: playsByPlatformResponse },
  playsByDevice: { path: '/v1/plays/by-device', query: playsByDeviceQuery, response: playsByDeviceResponse },
  timeseries: { path: '/v1/timeseries', query: timeseriesQuery, response: timeseriesResponse },
  trending: { path: '/v1/trending', query: trendingQuery, response: trendingResponse },
  pipeline: { path: '/v1/pipeline', query: pipelineQuery, response: pipelineResponse },
  live: { path: '/v1/live', query: liveQuery, response: liveResponse },
} as const;

export type MetricsEndpointName = keyof typeof METRICS_ENDPOINTS;
/** What a client may send to an endpoint (before defaults and coercion). */
export type EndpointParams<Name extends MetricsEndpointName> = z.input<(typeof METRICS_ENDPOINTS)[Name]['query']>;
/** What an endpoint answers with a 200. */
export type EndpointResponse<Name extends MetricsEndpointName> = z.output<(typeof METRICS_ENDPOINTS)[Name]['response']>;
