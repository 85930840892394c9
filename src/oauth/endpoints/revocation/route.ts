// POST /oauth/revoke (RFC 7009 §2): the client authenticates as at the token endpoint;
// revoking a refresh token revokes its whole family (§2.1, "SHOULD also invalidate ...
// tokens based on the same authorization grant"). 200 with an empty body, also for tokens
// that are unknown, already revoked or another client's (§2.2: nothing to reveal).
// Access tokens are self-contained JWTs and expire on their own.
import type { FastifyInstance } from 'fastify';
import { allowCorsFor, registerCorsPreflight } from '../../../web/cors.ts';
import { authenticateClient, presentedCredentials } from '../../client-auth/authenticate.ts';
import { InvalidRequest } from '../../errors.ts';
import { hashToken } from '../../../crypto.ts';
import { readParams } from '../token/route.ts';

export function registerRevocation(app: FastifyInstance): void {
  app.post('/oauth/revoke', async (request, reply) => {
    const { ctx } = request;
    const params = readParams(request.body);
    const client = await authenticateClient(ctx.stores.clients, presentedCredentials(request.headers.authorization, params));
    allowCorsFor(request, reply, client);
    if (!params.token) throw new InvalidRequest('Missing required parameter: token');
    const record = await ctx.stores.refreshTokens.find(hashToken(params.token));
    if (record && record.clientId === client.client_id) await ctx.stores.refreshTokens.revokeFamily(record.familyId, new Date());
    return reply.code(200).header('cache-control', 'no-store').send();
  });
  registerCorsPreflight(app, '/oauth/revoke', 'POST');
}
