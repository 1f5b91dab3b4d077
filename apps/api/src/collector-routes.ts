import rateLimit from '@fastify/rate-limit';
import { ApiKeyVerifier, checkEventBatch, MAX_BATCH_EVENTS, presentedApiKey } from '@music/collector';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PublishUnavailableError, type EventPublisher } from './event-publisher';

export interface CollectorOptions {
  publisher: EventPublisher;
  apiKeyHashes: readonly string[];
  maxEventAgeMs: number;
  rateLimit: { max: number; windowMs: number };
  now?: () => number;
}

const issueSchema = z.object({ path: z.string(), expected: z.string(), received: z.string(), message: z.string() });
const resultSchema = z.discriminatedUnion('status', [
  z.object({ index: z.number(), status: z.literal('accepted'), event_id: z.string() }),
  z.object({ index: z.number(), status: z.literal('rejected'), event_id: z.string().optional(), issues: z.array(issueSchema) }),
]);
const errorSchema = z.object({ error: z.string(), message: z.string() });

/** `POST /v1/events`: batches from real client apps, validated one by one, accepted into Kafka. */
export async function collectorRoutes(app: FastifyInstance, options: CollectorOptions): Promise<void> {
  const verifier = new ApiKeyVerifier(options.apiKeyHashes);
  const now = options.now ?? Date.now;

  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => verifier.verify(presentedApiKey(request.headers)) ?? `ip-${request.ip}`,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `rate limit of ${context.max} requests per ${Math.round(context.ttl / 1000)} s reached; retry after ${context.after}`,
    }),
  });

  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/events',
    {
      config: { rateLimit: { max: options.rateLimit.max, timeWindow: options.rateLimit.windowMs } },
      schema: {
        summary: 'Collect listening events from client apps',
        description: `Up to ${MAX_BATCH_EVENTS} events per request, 10 KB each. Each event is checked on its own; valid ones are written to Kafka before the answer.`,
        tags: ['collector'],
        security: [{ apiKey: [] }],
        body: z.object({ events: z.array(z.unknown()).min(1, 'expected at least one event').max(MAX_BATCH_EVENTS, `expected at most ${MAX_BATCH_EVENTS} events`) }),
        response: {
          200: z.object({ accepted: z.number(), rejected: z.number(), results: z.array(resultSchema) }),
          401: errorSchema,
          503: errorSchema,
        },
      },
      preHandler: async (request, reply) => {
        if (verifier.verify(presentedApiKey(request.headers)) === undefined) {
          return reply.code(401).send({ error: 'unauthorized', message: 'a valid API key is required (Authorization: Bearer KEY or X-API-Key)' });
        }
      },
    },
    async (request, reply) => {
      const { accepted, results } = checkEventBatch(request.body.events, { now: now(), maxAgeMs: options.maxEventAgeMs });
      if (accepted.length > 0) {
        try {
          await options.publisher.publish(accepted);
        } catch (error) {
          if (error instanceof PublishUnavailableError) {
            request.log.error({ err: error.cause }, 'publish failed');
            return reply.code(503).header('retry-after', '5').send({ error: 'unavailable', message: error.message });
          }
          throw error;
        }
      }
      return { accepted: accepted.length, rejected: results.length - accepted.length, results };
    },
  );
}
