// The fallback: each surface installs its own error and not-found handlers (protocol routes,
// /api/v2, pages, dashboard). What reaches this one comes from routes outside the surfaces (the
// health checks) or from Fastify before a route was found; it answers in the protocol family,
// and anything unknown becomes a 500 with nothing internal in the body, logged with the request id.
import type { FastifyInstance } from 'fastify';
import { protocolErrorHandler, protocolNotFound } from '../oauth/error-handler.ts';

export function installFallbackErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(protocolErrorHandler);
  app.setNotFoundHandler(protocolNotFound);
}
