import Fastify, { type FastifyInstance } from 'fastify';
import type { IngestMetrics } from './ingest-metrics';

export interface HealthSource {
  /** Undefined while healthy, else why not. */
  unhealthyReason(): string | undefined;
}

/** The ingest's HTTP side: liveness and Prometheus metrics. */
export function buildApp(deps: { metrics: IngestMetrics; health: HealthSource }): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/healthz', async (_request, reply) => {
    const reason = deps.health.unhealthyReason();
    return reason === undefined ? { status: 'ok' } : reply.code(503).send({ status: 'failing', reason });
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
  return app;
}
