// POST /oauth/revoke (RFC 7009 §2): the client authenticates as at the token endpoint;
// revoking a refresh token revokes its whole family (§2.1, "SHOULD also invalidate ...
// tokens based on the same authorization grant"). 200 with an empty body, also for tokens
// that are unknown, already revoked or another client's (§2.2: nothing to reveal).
// Access tokens are self-contained JWTs and expire on their own.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/container.ts';
import type { TenantStores } from '../../../storage/ports.ts';
import { allowCorsFor, registerCorsPreflight } from '../../../web/cors.ts';
import { InvalidRequest } from '../../errors.ts';
import { hashToken } from '../../../crypto.ts';
import { pipeline } from '../../pipeline.ts';
import { allowClientOrigins, authenticateClient, parseParams, readCredentials, type ClientRequest, type WithClient, type WithParams } from '../client-steps.ts';

interface NewRevocation extends ClientRequest {
  stores: Pick<TenantStores, 'tenantId' | 'clients' | 'clientAssertions' | 'logs' | 'refreshTokens'>;
}

export function requireToken({ params }: WithParams): { token: string } {
  if (!params.token) throw new InvalidRequest('Missing required parameter: token');
  return { token: params.token };
}

/** Only the client's own tokens; anything else is left alone without saying so (§2.2). */
export async function revokeRefreshTokenFamily({ stores, client, token }: Pick<NewRevocation, 'stores'> & WithClient & { token: string }): Promise<void> {
  const record = await stores.refreshTokens.find(hashToken(token));
  if (record && record.clientId === client.client_id) await stores.refreshTokens.revokeFamily(record.familyId, new Date());
}

export const REVOCATION = pipeline<NewRevocation>()
  .step(parseParams)
  .step(readCredentials)
  .step(authenticateClient)
  .step(allowClientOrigins)
  .step(requireToken)
  .step(revokeRefreshTokenFamily);

export function registerRevocation(app: FastifyInstance, services: Services): void {
  app.post('/oauth/revoke', async (request, reply) => {
    await REVOCATION.run({
      body: request.body,
      authorization: request.headers.authorization,
      stores: request.ctx.stores,
      findClient: (clientId) => services.clientIdMetadata.findClient({ ...request.ctx, ip: request.ip, userAgent: request.headers['user-agent'] }, clientId),
      issuer: request.ctx.issuer,
      outbound: services.outbound,
      ip: request.ip,
      allowCors: (client) => allowCorsFor(request, reply, client),
    });
    return reply.code(200).header('cache-control', 'no-store').send();
  });
  registerCorsPreflight(app, '/oauth/revoke', 'POST');
}
