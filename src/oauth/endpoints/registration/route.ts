// Fastify glue for POST /oidc/register (raw body in, steps run, 201 out) and the RFC 7592 client
// configuration endpoint /oidc/register/{client_id}; CORS for browser clients.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/container.ts';
import { deleteClient, readClient, updateClient } from './configuration.ts';
import type { ClientConfiguration } from './configuration-state.ts';
import { runRegistration } from './pipeline.ts';
import type { RegistrationRequest, RegistrationResponse } from './state.ts';
import { OAuthError } from '../../errors.ts';

/** Request headers a browser-based client may send (MCP clients add MCP-Protocol-Version). */
const ALLOWED_HEADERS = 'Content-Type, Authorization, MCP-Protocol-Version';

/** latchkey_registrations_total: accepted, or the refusal's error code. */
async function countOutcome<T>(services: Services, register: () => Promise<T>): Promise<T> {
  try {
    const result = await register();
    services.metrics.registration('accepted');
    return result;
  } catch (err) {
    services.metrics.registration(err instanceof OAuthError ? err.error : 'server_error');
    throw err;
  }
}

export function registerRegistration(app: FastifyInstance, services: Services): void {
  app.register(async (scope) => {
    // The steps read the body themselves (content type, JSON, object), so every body problem
    // gets invalid_client_metadata and a disabled endpoint answers the same to any body.
    // The app's body limit still applies (413).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    // Registration is open and uses no cookies, so any origin may call it, without credentials.
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'Retry-After, WWW-Authenticate');
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
      const body = await countOutcome(services, () =>
        runRegistration({
          request: requestOf(request),
          stores,
          issuer: request.ctx.issuer,
          loadTenant: () => services.tenants.fresh(tenant.id),
          rateLimitsOn: services.config.rateLimits,
          warn: (details, message) => request.log.warn(details, message),
          outbound: services.outbound,
        }),
      );
      return answer(reply.code(201), body);
    });

    // RFC 7592 §2: the client configuration endpoint.
    const configuration = (request: FastifyRequest<{ Params: { client_id: string } }>): ClientConfiguration => ({
      request: requestOf(request),
      clientId: request.params.client_id,
      stores: request.ctx.stores,
      issuer: request.ctx.issuer,
      loadTenant: () => services.tenants.fresh(request.ctx.tenant.id),
      warn: (details, message) => request.log.warn(details, message),
      outbound: services.outbound,
    });
    const CONFIGURATION_URL = '/oidc/register/:client_id';
    scope.options(CONFIGURATION_URL, { config: { noTenant: true } }, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'GET, PUT, DELETE, OPTIONS')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '86400')
        .send(),
    );
    scope.get<{ Params: { client_id: string } }>(CONFIGURATION_URL, async (request, reply) =>
      answer(reply.code(200), await readClient(configuration(request))),
    );
    scope.put<{ Params: { client_id: string } }>(CONFIGURATION_URL, { config: { bodyErrorCode: 'invalid_client_metadata' } }, async (request, reply) =>
      answer(reply.code(200), await updateClient(configuration(request))),
    );
    scope.delete<{ Params: { client_id: string } }>(CONFIGURATION_URL, async (request, reply) => {
      await deleteClient(configuration(request));
      return reply.code(204).header('cache-control', 'no-store').send();
    });
  });
}

function requestOf(request: FastifyRequest): RegistrationRequest {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
    contentType: request.headers['content-type'],
    body: typeof request.body === 'string' ? request.body : undefined,
    authorization: request.headers.authorization,
  };
}

/** RFC 7591 §3.2.1, RFC 7592 §3: JSON that is never cached (it holds credentials). */
function answer(reply: FastifyReply, body: RegistrationResponse) {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').type('application/json; charset=utf-8').send(JSON.stringify(body));
}
