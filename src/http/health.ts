import type { FastifyInstance } from 'fastify';
import type { Storage } from '../storage/ports.ts';

/** /readyz answers within this, whatever the store does (a frozen database must not hang probes). */
export const READY_TIMEOUT_MS = 1500;

function withinDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** /healthz: the process is alive. /readyz: the store answers, in time. Neither needs a tenant. */
export function registerHealth(app: FastifyInstance, storage: Storage): void {
  app.get('/healthz', { config: { noTenant: true } }, async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  app.get('/readyz', { config: { noTenant: true } }, async (request, reply) => {
    const ping = storage.ping();
    try {
      await withinDeadline(ping, READY_TIMEOUT_MS);
      return reply.header('cache-control', 'no-store').send({ status: 'ready' });
    } catch (err) {
      ping.catch(() => {}); // settles later, when its own timeout fires
      request.log.warn({ err: { message: (err as Error).message } }, 'store not reachable');
      return reply.code(503).header('cache-control', 'no-store').header('retry-after', '5').send({ status: 'unavailable', reason: 'store not reachable' });
    }
  });
}
