// POST /oauth/token (RFC 6749 §3.2): form or JSON body (Auth0 accepts both), then an
// ordered pipeline of steps; the grant module does the grant-specific work.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/container.ts';
import type { Client } from '../../../domain/client.ts';
import { InvalidRequest, UnauthorizedClient, UnsupportedGrantType } from '../../errors.ts';
import { authenticateClient, presentedCredentials, type PresentedCredentials } from '../../client-auth/authenticate.ts';
import type { Grant } from './grant.ts';
import { GRANTS } from './grants/index.ts';
import { allowCorsFor, registerCorsPreflight } from '../../../web/cors.ts';

const GRANTS_BY_TYPE = new Map(GRANTS.map((g) => [g.type, g]));

/** Flattens the body into string parameters; repeated or non-string values are refused (RFC 6749 §3.2). */
export function readParams(body: unknown): Record<string, string> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new InvalidRequest('The request body must be a form or a JSON object.');
  const params: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'number' || typeof value === 'boolean') params[key] = String(value);
    else if (typeof value === 'string') params[key] = value;
    else throw new InvalidRequest(`Parameter "${key}" must be a single string value.`);
  }
  return params;
}

function findGrant(params: Record<string, string>): Grant {
  const type = params.grant_type;
  if (!type) throw new InvalidRequest('Missing required parameter: grant_type');
  const grant = GRANTS_BY_TYPE.get(type);
  if (!grant) throw new UnsupportedGrantType(`Unsupported grant type: ${type}`);
  return grant;
}

function requireGrantParams(grant: Grant, params: Record<string, string>): void {
  for (const name of grant.required) if (!params[name]) throw new InvalidRequest(`Missing required parameter: ${name}`);
}

function checkGrantAllowed(grant: Grant, client: Client, creds: PresentedCredentials): void {
  if (!client.grant_types.includes(grant.type)) throw new UnauthorizedClient(`Grant type '${grant.type}' not allowed for the client.`);
  if (!grant.allowPublicClients && creds.method === 'none') throw new UnauthorizedClient(`Grant type '${grant.type}' requires client authentication.`);
}

export function registerTokenEndpoint(app: FastifyInstance, services: Services): void {
  app.post('/oauth/token', async (request: FastifyRequest, reply) => {
    const params = readParams(request.body);
    const grant = findGrant(params);
    requireGrantParams(grant, params);
    const creds = presentedCredentials(request.headers.authorization, params);
    const client = await authenticateClient(request.ctx.stores.clients, creds);
    allowCorsFor(request, reply, client);
    checkGrantAllowed(grant, client, creds);
    const response = await grant.handle({ ctx: request.ctx, services, client, params });
    // RFC 6749 §5.1
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(response);
  });
  registerCorsPreflight(app, '/oauth/token', 'POST');
}
