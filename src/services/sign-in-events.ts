// Tenant log events for sign-in, with Auth0's log type codes (s, fp, fu, f, limit_wc, slo).
import type { FastifyRequest } from 'fastify';

export async function logEvent(
  request: FastifyRequest,
  type: string,
  description: string,
  details: Record<string, unknown>,
  clientId: string | null = null,
): Promise<void> {
  const ua = request.headers['user-agent'];
  await request.ctx.stores.logs.append({ type, description, ip: request.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null, clientId, details });
}
