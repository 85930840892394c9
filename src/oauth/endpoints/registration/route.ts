// Fastify glue for POST /oidc/register: raw body in, steps run, 201 out; CORS for browser clients.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/container.ts';
import { runRegistration } from './pipeline.ts';

/** Request headers a browser-based client may send (MCP clients add MCP-Protocol-Version). */
const ALLOWED_HEADERS = 'Content-Type, Authorization, MCP-Protocol-Version';

export function registerRegistration(app: FastifyInstance, services: Services): void {
  app.register(async (scope) => {
    // The steps read the body themselves (content type, JSON, object), so every body problem
    // gets invalid_client_metadata and a disabled endpoint answers the same to any body.
    // The app's body limit still applies (413).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    // Registration is open and uses no cookies, so any origin may call it, without credentials.
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'Retry-After');
      return payload;
    });

    scope.options('/oidc/register', { config: { noTenant: true } }, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '86400')
        .send(),
    );

    scope.post('/oidc/register', { config: { bodyErrorCode: 'invalid_client_metadata' } }, async (request, reply) => {
      const { tenant, stores } = request.ctx;
      const body = await runRegistration({
        request: {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? '',
          contentType: request.headers['content-type'],
          body: typeof request.body === 'string' ? request.body : undefined,
        },
        stores,
        loadTenant: () => services.tenants.fresh(tenant.id),
        rateLimitsOn: services.config.rateLimits,
        warn: (details, message) => request.log.warn(details, message),
        issuer: request.ctx.issuer,
        outbound: services.outbound,
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(body));
    });
  });
}
