// GET/POST /oidc/logout (OpenID Connect RP-Initiated Logout 1.0 §2-3). With a valid
// id_token_hint for this browser's session (or when there is no session) it ends at once;
// without one, or with a hint for another session or user, the user confirms on a page
// (CSRF-protected). post_logout_redirect_uri must be one of the client's allowed logout
// URLs; `state` is passed back to it. The steps are OIDC_LOGOUT and OIDC_LOGOUT_ANSWER in
// pipelines.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/container.ts';
import { checkCsrf, csrfToken } from '../../../web/csrf.ts';
import { sendErrorPage } from '../../../web/error-response.ts';
import { newNonce, sendPage } from '../../../web/layout.ts';
import { Stop } from '../../pipeline.ts';
import type { Confirmation } from './context.ts';
import { logoutConfirmPage } from './logout-page.ts';
import { logoutRequestFor, redirectOrLoggedOut, stringParams } from './common.ts';
import { OIDC_LOGOUT, OIDC_LOGOUT_ANSWER } from './pipelines.ts';

function sendConfirmPage(request: FastifyRequest, reply: FastifyReply, { hidden, anotherSession }: Confirmation): FastifyReply {
  const nonce = newNonce();
  const body = logoutConfirmPage({
    tenantName: request.ctx.tenant.settings.friendly_name,
    action: '/oidc/logout',
    csrf: csrfToken(request, reply),
    hidden,
    anotherSession,
    nonce,
  });
  return sendPage(reply, 200, body, nonce);
}

export function registerOidcLogout(app: FastifyInstance, services: Services): void {
  const { keys } = services;

  const logout = async (request: FastifyRequest, reply: FastifyReply, params: Record<string, string>) => {
    const out = await OIDC_LOGOUT.run({ ...logoutRequestFor(request, reply, params), keys });
    if (out instanceof Stop) return sendConfirmPage(request, reply, out.result);
    return redirectOrLoggedOut(request, reply, out);
  };

  app.get('/oidc/logout', async (request, reply) => logout(request, reply, stringParams(request.query)));

  app.post('/oidc/logout', async (request, reply) => {
    const body = stringParams(request.body);
    // The confirmation form answers with `logout`; a relying party may also POST its request.
    if (body.logout === undefined) return logout(request, reply, body);
    const out = await OIDC_LOGOUT_ANSWER.run({ ...logoutRequestFor(request, reply, body), keys, csrfValid: checkCsrf(request, body) });
    if (out instanceof Stop) return sendErrorPage(request, reply, out.result.status, out.result.error, out.result.description);
    return redirectOrLoggedOut(request, reply, out);
  });
}
