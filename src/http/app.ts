// Fastify glue only: logging, body parsing, tenant resolution by Host, error families, routes.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import type { Services } from '../services/container.ts';
import { issuerFor } from '../services/issuer.ts';
import { installErrorHandlers } from './errors.ts';
import { refuseNulCharacters } from './nul-guard.ts';
import { registerHealth } from './health.ts';
import { registerDiscovery } from '../oauth/endpoints/discovery.ts';
import { registerJwks } from '../oauth/endpoints/jwks.ts';
import { registerTokenEndpoint } from '../oauth/endpoints/token/route.ts';
import { registerRegistration } from '../oauth/endpoints/registration/route.ts';
import { registerAuthorize } from '../oauth/endpoints/authorize/route.ts';
import { registerUserinfo } from '../oauth/endpoints/userinfo/route.ts';
import { registerRevocation } from '../oauth/endpoints/revocation/route.ts';
import { registerV2Logout } from '../oauth/endpoints/logout/v2-logout.ts';
import { registerOidcLogout } from '../oauth/endpoints/logout/oidc-logout.ts';
import { registerLoginPages } from '../login/routes.ts';
import { managementApi } from '../management/api.ts';
import { registerDashboard } from '../dashboard/routes.ts';
import './context.ts';

/** Largest request body accepted anywhere (413 beyond). */
export const BODY_LIMIT = 64 * 1024;

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

export async function createHttpApp(services: Services): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    // A request id from a trusted front proxy is kept; otherwise a fresh one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
    },
    logger: {
      level: config.logLevel,
      // Only method, url, host and address are logged per request; these paths
      // guard against a future serializer adding headers or bodies.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.client_secret', '*.password', '*.access_token', '*.refresh_token'],
        censor: '[redacted]',
      },
    },
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 500 },
  });

  await app.register(formbody);
  await app.register(cookie);
  installErrorHandlers(app);
  refuseNulCharacters(app);

  app.decorateRequest('ctx', null as never);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    if (request.routeOptions.config?.noTenant) return;
    const tenant = await services.tenants.resolve(request.headers.host);
    request.ctx = { tenant, issuer: issuerFor(tenant, config.publicUrl), stores: services.storage.forTenant(tenant.id) };
  });

  registerHealth(app, services.storage);
  registerDiscovery(app);
  registerJwks(app, services.keys);
  registerTokenEndpoint(app, services);
  registerRegistration(app, services);
  registerAuthorize(app, services);
  registerLoginPages(app, services);
  registerUserinfo(app, services);
  registerRevocation(app);
  registerV2Logout(app);
  registerOidcLogout(app, services);
  await app.register(managementApi(services), { prefix: '/api/v2' });
  registerDashboard(app, services);
  return app;
}
