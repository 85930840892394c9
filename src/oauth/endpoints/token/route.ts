// Fastify glue for POST /oauth/token: form or JSON body (Auth0 accepts both) in, the steps of
// pipeline.ts run, the token response out (RFC 6749 §5.1).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/container.ts';
import { allowCorsFor, registerCorsPreflight } from '../../../web/cors.ts';
import { TOKEN_ENDPOINT, type NewTokenRequest } from './pipeline.ts';
import { logTokenEvent, type TokenOutcome } from './events.ts';

export function registerTokenEndpoint(app: FastifyInstance, services: Services): void {
  app.post('/oauth/token', async (request, reply) => {
    const { tenant, issuer, stores } = request.ctx;
    const state: NewTokenRequest & Partial<TokenOutcome> = {
      body: request.body,
      authorization: request.headers.authorization,
      tenant,
      issuer,
      stores,
      keys: services.keys,
      usage: services.clientUsage,
      findClient: (clientId) => services.clientIdMetadata.findClient({ ...request.ctx, ip: request.ip, userAgent: request.headers['user-agent'] }, clientId),
      outbound: services.outbound,
      ip: request.ip,
      allowCors: (client) => allowCorsFor(request, reply, client),
    };
    let response;
    try {
      ({ response } = await TOKEN_ENDPOINT.run(state));
    } catch (error) {
      // The runner added each step's result to `state`: the client, when it was authenticated.
      logTokenEvent(request, { ...state, error });
      throw error;
    }
    logTokenEvent(request, { ...state, response });
    // RFC 6749 §5.1
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(response);
  });
  registerCorsPreflight(app, '/oauth/token', 'POST');
}
