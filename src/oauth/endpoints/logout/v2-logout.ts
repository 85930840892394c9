// GET /v2/logout (Auth0): ends the session, then goes to `returnTo`, which must be one of
// the client's allowed_logout_urls; with client_id and no returnTo, to the first of them.
// The steps are V2_LOGOUT in pipelines.ts.
import type { FastifyInstance } from 'fastify';
import { logoutRequestFor, redirectOrLoggedOut, stringParams } from './common.ts';
import { V2_LOGOUT } from './pipelines.ts';

export function registerV2Logout(app: FastifyInstance): void {
  app.get('/v2/logout', async (request, reply) => {
    const out = await V2_LOGOUT.run(logoutRequestFor(request, reply, stringParams(request.query)));
    return redirectOrLoggedOut(request, reply, out);
  });
}
