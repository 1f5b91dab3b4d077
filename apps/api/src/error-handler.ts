import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/**
 * One error shape for every route: `{ error, message, details? }` (errorResponse and
 * validationErrorResponse in @music/metrics-contract). Validation errors name the
 * parameter; 5xx never leak internals (the log has them).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const problems = error.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const at = path === '' ? where : `${where}.${path}`;
        // An unknown key is reported on the object; the parameters at fault are the keys themselves.
        const keys = v.keyword === 'unrecognized_keys' && Array.isArray(v.params['keys']) ? (v.params['keys'] as unknown[]).map((key) => `${at}.${String(key)}`) : [];
        return { parameters: keys.length > 0 ? keys : [at], message: v.message ?? 'invalid' };
      });
      const details = problems.flatMap((p) => p.parameters.map((parameter) => ({ parameter, message: p.message })));
      const message = problems.map((p) => `${p.parameters.join(', ')}: ${p.message}`).join('; ');
      return reply.code(400).send({ error: 'bad_request', message, details });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'internal_error', message: 'internal error; see the server log' });
    }
    return reply.code(status).send({ error: error.code ?? 'error', message: error.message });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url}` }));
}
