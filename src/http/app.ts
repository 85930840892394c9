// Fastify glue only: logging, body parsing, tenant resolution by Host, error families, routes.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type HookHandlerDoneFunction } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import type { Services } from '../services/container.ts';
import { issuerFor } from '../tenancy/issuer.ts';
import { installFallbackErrorHandlers } from './errors.ts';
import { protocolErrorHandler } from '../oauth/error-handler.ts';
import { pageErrorHandler } from '../web/page-error-handler.ts';
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
import { registerEmailVerification } from '../login/email-verification.ts';
import { registerDbConnections } from '../login/dbconnections.ts';
import { registerResetPassword } from '../login/reset-password.ts';
import { registerSignupPage } from '../login/signup.ts';
import { registerResetRequest } from '../login/reset-request.ts';
import { registerUnblock } from '../login/unblock.ts';
import { registerAppsPages } from '../login/apps.ts';
import { managementApi } from '../management/api.ts';
import { registerDashboard } from '../dashboard/routes.ts';
import type { RequestContext } from '../tenancy/context.ts';
import { childrenOf, lazyChildLogger, logsRequests } from './logging.ts';
import type { Tenant } from '../domain/tenant.ts';
import { StoreUnavailableError } from '../storage/ports.ts';

/** Strict-Transport-Security under an https issuer (RFC 6797 §6.1): one year. */
export const HSTS = 'max-age=31536000';

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
    // Request lines are info-level: at warn and quieter levels Fastify gets no logger (so it prepares no
    // request lines) and handlers log through children of the same root logger.
    ...(logsRequests(config.logLevel)
      ? { loggerInstance: services.log, childLoggerFactory: lazyChildLogger }
      : { logger: false, childLoggerFactory: childrenOf(services.log) }),
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 500 },
    // Requests that arrive while draining get our own 503, in the family of their route.
    return503OnClosing: false,
  });

  await app.register(formbody);
  installFallbackErrorHandlers(app);
  refuseNulCharacters(app);

  // A tenant object is immutable and replaced when the tenant changes: one context per object.
  const contexts = new WeakMap<Tenant, RequestContext>();
  const contextFor = (tenant: Tenant): RequestContext => {
    let ctx = contexts.get(tenant);
    if (!ctx) {
      ctx = { tenant, issuer: issuerFor(tenant, config.publicUrl), stores: services.storage.forTenant(tenant.id) };
      contexts.set(tenant, ctx);
    }
    return ctx;
  };

  app.decorateRequest('ctx', null as never);
  app.decorateRequest('events', { getter: () => services.events });
  // Route patterns only (never the raw URL): a bounded label set.
  app.addHook('onResponse', (request, reply, done) => {
    services.metrics.request(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  let draining = false;
  app.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  // RFC 6797 §7.1: under an https issuer (every tenant's scheme is PUBLIC_URL's), browsers are
  // told to use https only for a year. Without includeSubDomains: a tenant's domain says nothing
  // of the other hosts under it.
  const hsts = new URL(config.publicUrl).protocol === 'https:';
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    if (hsts) reply.header('strict-transport-security', HSTS);
    if (draining) {
      reply.header('connection', 'close');
      return done(new StoreUnavailableError('this instance is shutting down'));
    }
    done();
  });
  // Resolves the tenant before every route that has one. Attached per route when the route is
  // declared, so no request pays for deciding whether it needs a tenant. Callback style: a
  // cached tenant is resolved without a promise.
  const resolveTenant = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const cached = services.tenants.cached(request.headers.host);
    if (cached) {
      request.ctx = contextFor(cached);
      return done();
    }
    services.tenants.resolve(request.headers.host).then((tenant) => {
      request.ctx = contextFor(tenant);
      done();
    }, done);
  };
  app.addHook('onRoute', (route) => {
    if (route.config?.noTenant) return;
    const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [resolveTenant, ...own] as typeof route.onRequest;
  });

  registerHealth(app, services.storage);
  // Each surface answers in its own error family, with its own handlers.
  await app.register(async (protocol) => {
    protocol.setErrorHandler(protocolErrorHandler);
    registerDiscovery(protocol);
    registerJwks(protocol, services.keys);
    registerTokenEndpoint(protocol, services);
    registerRegistration(protocol, services);
    registerDbConnections(protocol, services);
    registerUserinfo(protocol, services);
    registerRevocation(protocol, services);
  });
  await app.register(managementApi(services), { prefix: '/api/v2' });
  // Pages a browser visits carry the session and CSRF cookies; API endpoints never parse cookies.
  await app.register(async (browser) => {
    browser.setErrorHandler(pageErrorHandler);
    await browser.register(cookie);
    registerAuthorize(browser, services);
    registerLoginPages(browser, services);
    registerEmailVerification(browser);
    registerResetPassword(browser);
    registerSignupPage(browser, services);
    registerResetRequest(browser, services);
    registerUnblock(browser);
    registerAppsPages(browser, services);
    registerV2Logout(browser);
    registerOidcLogout(browser, services);
    registerDashboard(browser, services);
  });
  return app;
}
