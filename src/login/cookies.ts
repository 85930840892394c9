// Cookie names and attributes. Under https the __Host- prefix pins a cookie to this host,
// so a sibling subdomain cannot plant one (RFC 6265bis §4.1.3.2).
import '@fastify/cookie';
import type { RequestContext } from '../http/context.ts';

export const isSecure = (ctx: Pick<RequestContext, 'issuer'>): boolean => ctx.issuer.startsWith('https:');

export const sessionCookieName = (ctx: Pick<RequestContext, 'issuer'>): string => (isSecure(ctx) ? '__Host-latchkey_session' : 'latchkey_session');
export const csrfCookieName = (ctx: Pick<RequestContext, 'issuer'>): string => (isSecure(ctx) ? '__Host-latchkey_csrf' : 'latchkey_csrf');

export function cookieOptions(ctx: Pick<RequestContext, 'issuer'>, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: isSecure(ctx),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}
