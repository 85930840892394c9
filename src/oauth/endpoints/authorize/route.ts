// GET/POST /authorize (RFC 6749 §3.1, OIDC Core §3.1.2). Errors before the client and its
// redirect URI are verified (and every error of a strict client) go to the HTML error page
// through the error handler; every other error goes back to the redirect URI.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/container.ts';
import { sessionCookie } from '../../../sessions/login-session.ts';
import { OAuthError } from '../../errors.ts';
import { Stop } from '../../pipeline.ts';
import { newAuthorizeRequest, type AuthorizeRequest, type ErrorTarget } from './context.ts';
import { paramsFromRequest } from './params.ts';
import { AUTHORIZATION, VALIDATION } from './validate.ts';
import { isForErrorPage, sendAuthorizationError, sendAuthorizationResponse } from './respond.ts';

/**
 * OIDC Core §3.1.2.6: what prompt=none answers; silent sign-in needs them at the redirect URI,
 * so they go back even under open_redirect_protection.
 */
const SILENT_ANSWERS = new Set(['login_required', 'consent_required', 'interaction_required', 'account_selection_required']);

/**
 * Runs `fn`; an OAuthError goes to the redirect URI when that is allowed, else it is rethrown
 * (to the error page). `a` is the state the steps add to, so it shows how far they got when one
 * refused. `interacted`: the user has acted on one of our pages (signed in, answered consent).
 */
export async function redirectingErrors(reply: FastifyReply, a: ErrorTarget, fn: () => Promise<FastifyReply>, interacted = false): Promise<FastifyReply> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof OAuthError && a.redirectable && a.redirectUri !== undefined && err.status < 500 && !isForErrorPage(err)) {
      // RFC 9700 §4.11.2: an error redirect with no user interaction makes this origin an open redirector.
      if (!a.protectedRedirect || interacted || SILENT_ANSWERS.has(err.error)) return sendAuthorizationError(reply, { ...a, redirectUri: a.redirectUri }, err);
    }
    throw err;
  }
}

/** A request for the authorization parameters (query or form body). */
export function authorizeRequestFor(request: FastifyRequest, services: Services, params: Record<string, string>): AuthorizeRequest {
  return newAuthorizeRequest({
    ctx: request.ctx,
    keys: services.keys,
    usage: services.clientUsage,
    findClient: (clientId) => services.clientIdMetadata.findClient({ ...request.ctx, ip: request.ip, userAgent: request.headers['user-agent'] }, clientId),
    params,
    sessionCookie: sessionCookie(request),
  });
}

export function registerAuthorize(app: FastifyInstance, services: Services): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = paramsFromRequest(request.url, request.method === 'POST' ? request.body : undefined);
    const a = authorizeRequestFor(request, services, params);
    return redirectingErrors(reply, a, async () => {
      const out = await AUTHORIZATION.run(await VALIDATION.run(a));
      if (out instanceof Stop) return reply.header('cache-control', 'no-store').redirect(out.result.redirectTo, 302);
      return sendAuthorizationResponse(reply, out, out.response);
    });
  };
  app.get('/authorize', handler);
  app.post('/authorize', handler);
}
