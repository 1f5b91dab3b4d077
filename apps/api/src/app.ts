import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from '@music/logger';
import { collectorRoutes, type CollectorOptions } from './collector-routes';
import { registerErrorHandler } from './error-handler';
import { metricsRoutes, type MetricsOptions } from './metrics-routes';

export interface AppDeps {
  log?: Logger;
  collector: CollectorOptions;
  /** The read endpoints over gold; left out, the app only collects events. */
  metrics?: MetricsOptions;
}

/** Builds the API (no listening): main.ts listens, tests inject. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is Fastify's logger; only the declared types differ.
    loggerInstance: deps.log as FastifyBaseLogger | undefined,
    // 1000 events of up to 10 KB, plus the JSON around them.
    bodyLimit: 11 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Plateforme Musicale Connectée — metrics API', version: '0.1.0' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  await app.register(collectorRoutes, deps.collector);
  if (deps.metrics) await app.register(metricsRoutes, deps.metrics);
  return app;
}
