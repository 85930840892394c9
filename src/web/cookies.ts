// Cookie names and attributes. Under https the __Host- prefix pins a cookie to this host,
// so a sibling subdomain cannot plant one (RFC 6265bis §4.1.3.2).
import '@fastify/cookie';
import type { RequestContext } from '../tenancy/context.ts';

export const isSecure = (ctx: Pick<RequestContext, 'issuer'>): boolean => ctx.issuer.startsWith('https:');

/** `name`, with the __Host- prefix under https. */
export const hostCookieName = (ctx: Pick<RequestContext, 'issuer'>, name: string): string => (isSecure(ctx) ? `__Host-${name}` : name);

export const sessionCookieName = (ctx: Pick<RequestContext, 'issuer'>): string => hostCookieName(ctx, 'latchkey_session');
export const csrfCookieName = (ctx: Pick<RequestContext, 'issuer'>): string => hostCookieName(ctx, 'latchkey_csrf');

export function cookieOptions(ctx: Pick<RequestContext, 'issuer'>, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: isSecure(ctx),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}
