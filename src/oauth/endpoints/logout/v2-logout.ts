// GET /v2/logout (Auth0): ends the session, then goes to `returnTo`, which must be one of
// the client's allowed_logout_urls; with client_id and no returnTo, to the first of them.
import type { FastifyInstance } from 'fastify';
import { InvalidRequest } from '../../errors.ts';
import { checkLogoutAllowed, logOut, redirectOrLoggedOut, stringParams } from './common.ts';

export function registerV2Logout(app: FastifyInstance): void {
  app.get('/v2/logout', async (request, reply) => {
    const { ctx } = request;
    const { client_id: clientId, returnTo } = stringParams(request.query);
    const client = clientId ? await ctx.stores.clients.findById(clientId) : undefined;
    if (clientId && !client) throw new InvalidRequest(`Unknown client: ${clientId}`);
    checkLogoutAllowed(client);
    if (returnTo !== undefined && !client?.allowed_logout_urls.includes(returnTo)) {
      throw new InvalidRequest(`The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs".`);
    }
    await logOut(request, reply, client);
    return redirectOrLoggedOut(request, reply, returnTo ?? client?.allowed_logout_urls[0]);
  });
}
