import {
  genresByHourBucket,
  genresByLocalHour,
  GoldTableMissingError,
  kpis,
  liveActivity,
  pipelineStatus,
  playsByCountry,
  playsByDevice,
  playsByPlatform,
  ResponseCache,
  timeseries,
  topArtists,
  topTracks,
  trending,
  type GoldQueryContext,
  type GoldReader,
  type Served,
  type TopicOffsetsSource,
} from '@music/gold-queries';
import { errorResponse, METRICS_ENDPOINTS, utcDay, validationErrorResponse, type MetricsEndpointName } from '@music/metrics-contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';

export interface MetricsOptions {
  reader: GoldReader;
  /** Responses by (endpoint, parameters, table versions); a new one of DEFAULT_CACHE_ENTRIES otherwise. */
  cache?: ResponseCache;
  now?: () => number;
  /** The events topic's offsets, for the consumer lag of /v1/pipeline. */
  topicOffsets?: TopicOffsetsSource;
}

interface MetricsRoute<Query extends z.ZodType, Response extends z.ZodType> {
  path: string;
  summary: string;
  description: string;
  query: Query;
  response: Response;
  handler: (context: GoldQueryContext, query: z.output<Query>) => Promise<Served<z.output<Response>>>;
}

type Endpoint<Name extends MetricsEndpointName> = (typeof METRICS_ENDPOINTS)[Name];

/** A route of the contract's endpoint `name` (path and schemas from @music/metrics-contract), with its documentation and query. */
const route = <Name extends MetricsEndpointName>(
  name: Name,
  definition: { summary: string; description: string; handler: MetricsRoute<Endpoint<Name>['query'], Endpoint<Name>['response']>['handler'] },
): MetricsRoute<Endpoint<Name>['query'], Endpoint<Name>['response']> => ({ ...METRICS_ENDPOINTS[name], ...definition });

const RANGE_NOTE = 'Days are UTC days, from/to inclusive, or a range preset (default 7d).';
const LISTENER_DAYS_NOTE = 'listener_days sums daily distinct listeners: gold keeps distinct listeners per day only.';

/** Every read endpoint: path, documentation, querystring and response schemas, and the gold query answering it. */
export const METRICS_ROUTES = [
  route('kpis', {
    summary: 'Headline numbers of a period, with the change against the previous period of the same length',
    description: `Streams, average daily listeners, minutes listened, likes, shares and skip rate, from daily_active_listeners. ${RANGE_NOTE}`,
    handler: kpis,
  }),
  route('topArtists', {
    summary: 'Most streamed artists of a period',
    description: `From top_artists_daily summed over the days. ${RANGE_NOTE} ${LISTENER_DAYS_NOTE}`,
    handler: topArtists,
  }),
  route('topTracks', {
    summary: 'Most streamed tracks of a period',
    description: `From top_tracks_daily summed over the days. ${RANGE_NOTE} ${LISTENER_DAYS_NOTE}`,
    handler: topTracks,
  }),
  route('genresByHourBucket', {
    summary: "Preferred genres per part of the listener's local day",
    description: `From genres_by_hour_bucket_daily: top genres of each bucket (night, morning, afternoon, evening), or one genre with genre=. ${RANGE_NOTE}`,
    handler: genresByHourBucket,
  }),
  route('genresByLocalHour', {
    summary: "Preferred genres per hour of the listener's local clock",
    description: `From genres_by_local_hour_daily: top genres of each local hour, or one genre with genre=. ${RANGE_NOTE}`,
    handler: genresByLocalHour,
  }),
  route('playsByCountry', {
    summary: 'Listening per country',
    description: `From plays_by_country_daily. ${RANGE_NOTE} ${LISTENER_DAYS_NOTE}`,
    handler: playsByCountry,
  }),
  route('playsByPlatform', {
    summary: 'Listening per client platform',
    description: `From plays_by_platform_daily. ${RANGE_NOTE} ${LISTENER_DAYS_NOTE}`,
    handler: playsByPlatform,
  }),
  route('playsByDevice', {
    summary: 'Listening per device model',
    description: `From plays_by_device_daily. ${RANGE_NOTE} ${LISTENER_DAYS_NOTE}`,
    handler: playsByDevice,
  }),
  route('timeseries', {
    summary: 'Daily plays, streams and listeners',
    description: `Every day of the period, 0 on days without activity; from daily_active_listeners, or plays_by_country_daily / plays_by_platform_daily with country= / platform=. ${RANGE_NOTE}`,
    handler: timeseries,
  }),
  route('trending', {
    summary: 'Artists whose streams grow',
    description: 'From trending_artists_daily: as of a day (default the newest), streams of the 7 days ending that day against the 7 days before.',
    handler: trending,
  }),
  route('pipeline', {
    summary: 'State of the lake: every table, freshness per layer, quarantine, consumer lag',
    description:
      "Version, last update, files and rows of every bronze, silver and gold table; how old the newest event of each layer is; rejected records kept in quarantine; how many records of the events topic bronze does not hold yet (Kafka's end offsets against bronze's txn per partition).",
    handler: (context) => pipelineStatus(context),
  }),
  route('live', {
    summary: 'Events per minute over the last minutes, from bronze',
    description:
      "Distinct events per UTC minute and per type over the last `minutes` whole minutes (the current one included), read from today's and yesterday's partitions of the bronze table, with the newest occurred_at there: what the ingest has written, before any batch run. as_of − newest_event_at is the end-to-end freshness.",
    handler: liveActivity,
  }),
];

/** What fastify writes for a JSON body; answers are sent as encoded bytes with the same header. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * The read endpoints over gold; `x-cache: hit|miss` tells whether the answer came from the cache.
 * A 200 sends the bytes the query encoded with the route's response schema (once per cache entry),
 * so that fastify does not validate and serialise the same body again on every hit; the schema
 * stays on the route for the OpenAPI document.
 */
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
          const context: GoldQueryContext = { reader: options.reader, cache, now: at, today: utcDay(at), ...(options.topicOffsets ? { topicOffsets: options.topicOffsets } : {}) };
          const served = await definition.handler(context, request.query);
          return reply.header('x-cache', served.cache).type(JSON_CONTENT_TYPE).send(served.encoded);
        } catch (error) {
          if (!(error instanceof GoldTableMissingError)) throw error;
          return reply.code(503).header('retry-after', '60').send({ error: 'not_ready', message: error.message });
        }
      },
    );
  }
}
