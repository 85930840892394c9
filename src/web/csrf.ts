// CSRF protection for every form POST: a double-submit token. The cookie is HttpOnly and
// SameSite=Lax; the form echoes its value; a cross-site page can neither read nor set it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newOpaqueToken, secretsEqual } from '../crypto.ts';
import { cookieOptions, csrfCookieName } from './cookies.ts';

export const CSRF_FAILED = 'The form expired or did not come from this site. Go back, reload the page and try again.';

/** The token to put in a form; set as a cookie when the browser has none yet. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const name = csrfCookieName(request.ctx);
  const existing = request.cookies[name];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = newOpaqueToken();
  reply.setCookie(name, token, cookieOptions(request.ctx));
  return token;
}

export function checkCsrf(request: FastifyRequest, body: Record<string, unknown>): boolean {
  const cookie = request.cookies[csrfCookieName(request.ctx)];
  const sent = body.csrf;
  return typeof cookie === 'string' && cookie.length > 0 && typeof sent === 'string' && secretsEqual(cookie, sent);
}
