// The /api/v2 plugin: every route of the table behind the Bearer guard, strict validation,
// and the OpenAPI document. Registered once in http/app.ts with prefix /api/v2.
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/container.ts';
import { authenticateManagement, requireAnyScope, type ManagementAuth } from './auth.ts';
import { logEvent } from '../services/sign-in-events.ts';
import { managementErrorHandler, managementNotFound } from './error-handler.ts';
import { checkBody, checkQuery } from './validation.ts';
import { openApiDocument } from './openapi.ts';
import { WithStatus, type ManagementRoute } from './route.ts';
import { tenantSettingsRoutes } from './tenants/routes.ts';
import { clientRoutes } from './clients/routes.ts';
import { clientCredentialRoutes } from './clients/credential-routes.ts';
import { resourceServerRoutes } from './resource-servers/routes.ts';
import { clientGrantRoutes } from './client-grants/routes.ts';
import { userRoutes } from './users/routes.ts';
import { userAuthorizationRoutes } from './users/authorization-routes.ts';
import { roleRoutes } from './roles/routes.ts';
import { connectionRoutes } from './connections/routes.ts';
import { logRoutes } from './logs/routes.ts';
import { initialAccessTokenRoutes } from './initial-access-tokens/routes.ts';
import { emailProviderRoutes } from './emails/routes.ts';
import { ticketRoutes } from './tickets/routes.ts';
import { signingKeyRoutes } from './keys/routes.ts';
import { attackProtectionRoutes } from './attack-protection/routes.ts';
import { grantRoutes } from './grants/routes.ts';
import { statsRoutes } from './stats/routes.ts';

export const MANAGEMENT_ROUTES: readonly ManagementRoute[] = [
  ...tenantSettingsRoutes,
  ...clientRoutes,
  ...clientCredentialRoutes,
  ...resourceServerRoutes,
  ...clientGrantRoutes,
  ...userRoutes,
  ...userAuthorizationRoutes,
  ...roleRoutes,
  ...connectionRoutes,
  ...logRoutes,
  ...initialAccessTokenRoutes,
  ...emailProviderRoutes,
  ...ticketRoutes,
  ...signingKeyRoutes,
  ...attackProtectionRoutes,
  ...grantRoutes,
  ...statsRoutes,
];

/** The query of a route that takes no parameters: any parameter is refused. */
const NO_QUERY = Type.Object({});

/** Who called, per request, for the log entry of a write. */
const callers = new WeakMap<FastifyRequest, ManagementAuth>();

/**
 * Auth0 logs every Management API write: sapi when it succeeded, fapi when it failed (reads are
 * not logged). The path without its query; never the body, which may carry secrets or passwords.
 * Calls without a valid token are not logged, so that strangers cannot fill the log.
 */
function logWrite(r: ManagementRoute, request: FastifyRequest, reply: FastifyReply): void {
  const caller = callers.get(request);
  if (r.method === 'GET' || !caller) return;
  const ok = reply.statusCode < 400;
  const clientId = caller.clientId;
  const action = r.summary.replace(/\s*\(.*\)$/, '');
  logEvent(request, ok ? 'sapi' : 'fapi', ok ? action : `Failed: ${action}`, {
    ...(clientId ? { clientId } : {}),
    details: { request: { method: r.method, path: request.url.split('?')[0] }, response: { statusCode: reply.statusCode } },
  });
}

function register(app: FastifyInstance, services: Services, r: ManagementRoute): void {
  app.route({
    method: r.method,
    url: r.url,
    onResponse: (request, reply, done) => {
      logWrite(r, request, reply);
      done();
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const auth = await authenticateManagement(services.keys, request.ctx, request.headers.authorization);
      callers.set(request, auth);
      requireAnyScope(auth, r.scopes);
      const params = r.params ? checkQuery(r.params, request.params as Record<string, unknown>, 'path') : {};
      const query = checkQuery(r.query ?? NO_QUERY, request.query as Record<string, unknown>);
      if (r.body) checkBody(r.body, request.body);
      const result = await r.handler({ ctx: request.ctx, services, auth, params, query, body: request.body });
      reply.header('cache-control', 'no-store');
      if (r.response.status === 204) return reply.code(204).send();
      if (result instanceof WithStatus) return reply.code(result.status).send(result.body);
      return reply.code(r.response.status).send(result);
    },
  });
}

export function managementApi(services: Services) {
  return async function managementPlugin(app: FastifyInstance): Promise<void> {
    // Bodiless POST/DELETE calls may still carry Content-Type: application/json; an empty body
    // is "no body" here. Everything else goes through Fastify's parser (prototype-poisoning safe).
    const json = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
      return json(request, body as string, done);
    });

    app.setErrorHandler(managementErrorHandler);
    app.setNotFoundHandler(managementNotFound);
    for (const r of MANAGEMENT_ROUTES) register(app, services, r);

    app.get('/openapi.json', async (request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return openApiDocument(MANAGEMENT_ROUTES, `${request.ctx.issuer}api/v2`);
    });
  };
}
