import type { FastifyInstance } from 'fastify';
import type { Storage } from '../storage/ports.ts';

/** /healthz: the process is alive. /readyz: the store answers. Neither needs a tenant. */
export function registerHealth(app: FastifyInstance, storage: Storage): void {
  app.get('/healthz', { config: { noTenant: true } }, async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  app.get('/readyz', { config: { noTenant: true } }, async (request, reply) => {
    try {
      await storage.ping();
      return reply.header('cache-control', 'no-store').send({ status: 'ready' });
    } catch (err) {
      request.log.warn({ err }, 'store not reachable');
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', reason: 'store not reachable' });
    }
  });
}
