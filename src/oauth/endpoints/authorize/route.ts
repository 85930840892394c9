// GET/POST /authorize (RFC 6749 §3.1, OIDC Core §3.1.2). Errors before the client and its
// redirect URI are verified (and every error of a strict client) go to the HTML error page
// through the error handler; every other error goes back to the redirect URI.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/container.ts';
import { sessionCookie } from '../../../sessions/login-session.ts';
import { OAuthError } from '../../errors.ts';
import { newAuthorizeContext, type AuthorizeContext } from './context.ts';
import { paramsFromRequest } from './params.ts';
import { INTERACTION_STEPS, VALIDATION_STEPS, runSteps } from './validate.ts';
import { issueResponse } from './steps/issue-response.ts';
import { sendAuthorizationError, sendAuthorizationResponse } from './respond.ts';

/** Runs `fn`; an OAuthError goes to the redirect URI when that is allowed, else it is rethrown. */
export async function redirectingErrors(reply: FastifyReply, a: AuthorizeContext, fn: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof OAuthError && a.redirectable && err.status < 500) return sendAuthorizationError(reply, a, err);
    throw err;
  }
}

/** A context for the request's authorization parameters (query or form body). */
export function authorizeContextFor(request: FastifyRequest, services: Services, params: Record<string, string>): AuthorizeContext {
  return newAuthorizeContext({ ctx: request.ctx, services, params, sessionCookie: sessionCookie(request) });
}

export function registerAuthorize(app: FastifyInstance, services: Services): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = paramsFromRequest(request.url, request.method === 'POST' ? request.body : undefined);
    const a = authorizeContextFor(request, services, params);
    return redirectingErrors(reply, a, async () => {
      await runSteps(a, VALIDATION_STEPS);
      const interaction = await runSteps(a, INTERACTION_STEPS);
      if (interaction) return reply.header('cache-control', 'no-store').redirect(interaction.redirectTo, 302);
      return sendAuthorizationResponse(reply, a, await issueResponse(a));
    });
  };
  app.get('/authorize', handler);
  app.post('/authorize', handler);
}
