// The pages of a sign-in (login, sign-up, consent, …) carry the authorization request in their
// URL and validate it again on every request, as /authorize does.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/container.ts';
import type { User } from '../domain/user.ts';
import type { ValidatedRequest } from '../oauth/endpoints/authorize/context.ts';
import { paramsFromRequest, withParams } from '../oauth/endpoints/authorize/params.ts';
import { VALIDATION } from '../oauth/endpoints/authorize/validate.ts';
import { authorizeRequestFor } from '../oauth/endpoints/authorize/route.ts';
import { signIn } from './credentials.ts';

export async function validatedRequest(request: FastifyRequest, services: Services): Promise<ValidatedRequest> {
  return VALIDATION.run(authorizeRequestFor(request, services, paramsFromRequest(request.url, undefined)));
}

export function bodyOf(request: FastifyRequest): Record<string, unknown> {
  return request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
}

/** A user who has just authenticated (log in or sign-up): a fresh session, then /authorize goes on. */
export async function continueSignedIn(request: FastifyRequest, reply: FastifyReply, a: ValidatedRequest, user: User): Promise<FastifyReply> {
  await signIn(request, reply, user, { clientId: a.client.client_id, clientName: a.client.name });
  // The fresh authentication satisfies prompt=login and max_age (OIDC Core §3.1.2.1).
  return reply.redirect(withParams('/authorize', a.params, { prompt: ['login'], params: ['max_age'] }), 303);
}
