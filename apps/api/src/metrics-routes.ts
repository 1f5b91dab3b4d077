import {
  genresByHourBucket,
  genresByHourBucketQuery,
  genresByHourBucketResponse,
  genresByLocalHour,
  genresByLocalHourQuery,
  genresByLocalHourResponse,
  GoldTableMissingError,
  kpis,
  kpisQuery,
  kpisResponse,
  pipelineQuery,
  pipelineResponse,
  pipelineStatus,
  playsByCountry,
  playsByCountryQuery,
  playsByCountryResponse,
  playsByDevice,
  playsByDeviceQuery,
  playsByDeviceResponse,
  playsByPlatform,
  playsByPlatformQuery,
  playsByPlatformResponse,
  ResponseCache,
  timeseries,
  timeseriesQuery,
  timeseriesResponse,
  topArtists,
  topArtistsQuery,
  topArtistsResponse,
  topTracks,
  topTracksQuery,
  topTracksResponse,
  trending,
  trendingQuery,
  trendingResponse,
  utcDay,
  type GoldQueryContext,
  type GoldReader,
  type Served,
} from '@music/gold-queries';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, validationErrorResponse } from './error-handler';

export interface MetricsOptions {
  reader: GoldReader;
  /** Responses by (endpoint, parameters, table versions); a new one of DEFAULT_CACHE_ENTRIES otherwise. */
  cache?: ResponseCache;
  now?: () => number;
}

interface MetricsRoute<Query extends z.ZodType, Response extends z.ZodType> {
  path: string;
  summary: string;
  description: string;
  query: Query;
  response: Response;
  handler: (context: GoldQueryContext, query: z.output<Query>) => Promise<Served<z.output<Response>>>;
}

const route = <Query extends z.ZodType, Response extends z.ZodType>(definition: MetricsRoute<Query, Response>) => definition;

const RANGE_NOTE = 'Days are UTC days, from/to inclusive, or a range preset (default 7d).';
const LISTENER_DAYS_NOTE = 'listener_days sums daily distinct listeners: gold keeps distinct listeners per day only.';

/** Every read endpoint: path, documentation, querystring and response schemas, and the gold query answering it. */
export const METRICS_ROUTES = [
  route({
    path: '/v1/kpis',
    summary: 'Headline numbers of a period, with the change against the previous period of the same length',
    description: `Streams, average daily listeners, minutes listened, likes, shares and skip rate, from daily_active_listeners. ${RANGE_NOTE}`,
    query: kpisQuery,
    response: kpisResponse,
    handler: kpis,
  }),
  route({
    path: '/v1/top-artists',
    summary: 'Most streamed artists of a period',
    description: `From top_artists_daily summed over the days. ${RANGE_NOTE} ${LISTENER_DAYS_NOTE}`,
    query: topArtistsQuery,
    response: topArtistsResponse,
    handler: topArtists,
  }),
  route({
    path: '/v1/top-tracks',
    summary: 'Most streamed tracks of a period',
    description: `From top_tracks_daily summed over the days. ${RANGE_NOTE} ${LISTENER_DAYS_NOTE}`,
    query: topTracksQuery,
    response: topTracksResponse,
    handler: topTracks,
  }),
  route({
    path: '/v1/genres/hour-buckets',
    summary: "Preferred genres per part of the listener's local day",
    description: `From genres_by_hour_bucket_daily: top genres of each bucket (night, morning, afternoon, evening), or one genre with genre=. ${RANGE_NOTE}`,
    query: genresByHourBucketQuery,
    response: genresByHourBucketResponse,
    handler: genresByHourBucket,
  }),
  route({
    path: '/v1/genres/local-hours',
    summary: "Preferred genres per hour of the listener's local clock",
    description: `From genres_by_local_hour_daily: top genres of each local hour, or one genre with genre=. ${RANGE_NOTE}`,
    query: genresByLocalHourQuery,
    response: genresByLocalHourResponse,
    handler: genresByLocalHour,
  }),
  route({
    path: '/v1/plays/by-country',
    summary: 'Listening per country',
    description: `From plays_by_country_daily. ${RANGE_NOTE} ${LISTENER_DAYS_NOTE}`,
    query: playsByCountryQuery,
    response: playsByCountryResponse,
    handler: playsByCountry,
  }),
  route({
    path: '/v1/plays/by-platform',
    summary: 'Listening per client platform',
    description: `From plays_by_platform_daily. ${RANGE_NOTE} ${LISTENER_DAYS_NOTE}`,
    query: playsByPlatformQuery,
    response: playsByPlatformResponse,
    handler: playsByPlatform,
  }),
  route({
    path: '/v1/plays/by-device',
    summary: 'Listening per device model',
    description: `From plays_by_device_daily. ${RANGE_NOTE} ${LISTENER_DAYS_NOTE}`,
    query: playsByDeviceQuery,
    response: playsByDeviceResponse,
    handler: playsByDevice,
  }),
  route({
    path: '/v1/timeseries',
    summary: 'Daily plays, streams and listeners',
    description: `Every day of the period, 0 on days without activity; from daily_active_listeners, or plays_by_country_daily / plays_by_platform_daily with country= / platform=. ${RANGE_NOTE}`,
    query: timeseriesQuery,
    response: timeseriesResponse,
    handler: timeseries,
  }),
  route({
    path: '/v1/trending',
    summary: 'Artists whose streams grow',
    description: 'From trending_artists_daily: as of a day (default the newest), streams of the 7 days ending that day against the 7 days before.',
    query: trendingQuery,
    response: trendingResponse,
    handler: trending,
  }),
  route({
    path: '/v1/pipeline',
    summary: 'State of the lake: every table, freshness per layer, quarantine',
    description: 'Version, last update, files and rows of every bronze, silver and gold table; how old the newest event of each layer is; rejected records kept in quarantine.',
    query: pipelineQuery,
    response: pipelineResponse,
    handler: (context) => pipelineStatus(context),
  }),
];

/** The read endpoints over gold; `x-cache: hit|miss` tells whether the answer came from the cache. */
export async function metricsRoutes(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  const cache = options.cache ?? new ResponseCache();
  const now = options.now ?? Date.now;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const definition of METRICS_ROUTES as readonly MetricsRoute<z.ZodType, z.ZodType>[]) {
    typed.get(
      definition.path,
      {
        schema: {
          summary: definition.summary,
          description: definition.description,
          tags: ['metrics'],
          querystring: definition.query,
          response: { 200: definition.response, 400: validationErrorResponse, 503: errorResponse },
        },
      },
      async (request, reply) => {
        const at = now();
        try {
          const served = await definition.handler({ reader: options.reader, cache, now: at, today: utcDay(at) }, request.query);
          void reply.header('x-cache', served.cache);
          return served.body;
        } catch (error) {
          if (!(error instanceof GoldTableMissingError)) throw error;
          return reply.code(503).header('retry-after', '60').send({ error: 'not_ready', message: error.message });
        }
      },
    );
  }
}
