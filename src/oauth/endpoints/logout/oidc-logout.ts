// GET/POST /oidc/logout (OpenID Connect RP-Initiated Logout 1.0 §2-3). With a valid
// id_token_hint the session ends at once; without one the user confirms on a page
// (CSRF-protected). post_logout_redirect_uri must be one of the client's allowed logout
// URLs; `state` is passed back to it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/container.ts';
import type { Client } from '../../../domain/client.ts';
import { CSRF_FAILED, checkCsrf, csrfToken } from '../../../web/csrf.ts';
import { sendErrorPage } from '../../../web/error-response.ts';
import { newNonce, sendPage } from '../../../web/layout.ts';
import { logoutConfirmPage } from './logout-page.ts';
import { InvalidRequest } from '../../errors.ts';
import { verifyOwnJwtIgnoringExpiry } from '../../tokens/verify.ts';
import { checkLogoutAllowed, logOut, redirectOrLoggedOut, stringParams } from './common.ts';

interface LogoutRequest {
  client: Client | undefined;
  hinted: boolean;
  target: string | undefined;
  params: Record<string, string>;
}

async function readLogoutRequest(request: FastifyRequest, services: Services, params: Record<string, string>): Promise<LogoutRequest> {
  const { ctx } = request;
  let clientId = params.client_id;
  const hint = params.id_token_hint;
  if (hint) {
    let aud: unknown;
    try {
      aud = (await verifyOwnJwtIgnoringExpiry(services.keys, ctx.tenant.id, ctx.issuer, hint)).aud;
    } catch {
      throw new InvalidRequest('Invalid id_token_hint.');
    }
    const audience = Array.isArray(aud) ? aud[0] : aud;
    if (typeof audience !== 'string') throw new InvalidRequest('Invalid id_token_hint.');
    // §2: client_id, when sent with a hint, must be the hint's audience.
    if (clientId !== undefined && clientId !== audience) throw new InvalidRequest('client_id does not match the id_token_hint audience.');
    clientId = audience;
  }
  const client = clientId ? await ctx.stores.clients.findById(clientId) : undefined;
  if (clientId && !client) throw new InvalidRequest(`Unknown client: ${clientId}`);
  checkLogoutAllowed(client);
  const uri = params.post_logout_redirect_uri;
  let target: string | undefined;
  if (uri !== undefined) {
    if (!client) throw new InvalidRequest('post_logout_redirect_uri requires id_token_hint or client_id.');
    if (!client.allowed_logout_urls.includes(uri))
      throw new InvalidRequest(`The post_logout_redirect_uri "${uri}" is not defined as a valid URL in "Allowed Logout URLs".`);
    const url = new URL(uri);
    if (params.state !== undefined) url.searchParams.set('state', params.state);
    target = url.toString();
  }
  return { client, hinted: !!hint, target, params };
}

function confirm(request: FastifyRequest, reply: FastifyReply, r: LogoutRequest): FastifyReply {
  const hidden: Record<string, string> = {};
  for (const k of ['client_id', 'post_logout_redirect_uri', 'state']) if (r.params[k] !== undefined) hidden[k] = r.params[k]!;
  if (r.client && hidden.client_id === undefined) hidden.client_id = r.client.client_id;
  const nonce = newNonce();
  const body = logoutConfirmPage({
    tenantName: request.ctx.tenant.settings.friendly_name,
    action: '/oidc/logout',
    csrf: csrfToken(request, reply),
    hidden,
    nonce,
  });
  return sendPage(reply, 200, body, nonce);
}

export function registerOidcLogout(app: FastifyInstance, services: Services): void {
  app.get('/oidc/logout', async (request, reply) => {
    const r = await readLogoutRequest(request, services, stringParams(request.query));
    if (!r.hinted) return confirm(request, reply, r);
    await logOut(request, reply, r.client);
    return redirectOrLoggedOut(request, reply, r.target);
  });

  app.post('/oidc/logout', async (request, reply) => {
    const body = stringParams(request.body);
    // The confirmation form answers with `logout`; a relying party may also POST its request.
    if (body.logout !== undefined) {
      if (!checkCsrf(request, body)) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
      const r = await readLogoutRequest(request, services, body);
      if (body.logout === 'yes') await logOut(request, reply, r.client);
      return redirectOrLoggedOut(request, reply, r.target);
    }
    const r = await readLogoutRequest(request, services, body);
    if (!r.hinted) return confirm(request, reply, r);
    await logOut(request, reply, r.client);
    return redirectOrLoggedOut(request, reply, r.target);
  });
}
