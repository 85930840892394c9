// Dashboard sessions: a cookie of its own (never the end users' login session), whose SHA-256
// keys an operator_sessions row. Short idle and absolute lifetimes: this cookie administers
// every tenant the operator owns.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../storage/ports.ts';
import { hashToken, newOpaqueToken } from '../crypto.ts';
// Lax, not Strict: a link to the dashboard from elsewhere should open it signed in; every form
// carries a CSRF token, so Lax costs no protection for state changes.
import { cookieOptions, hostCookieName } from '../web/cookies.ts';
import type { RequestContext } from '../tenancy/context.ts';
import { nextIdleEnd, sessionCookieValue } from './cookie-session.ts';

export const IDLE_MS = 60 * 60_000;
export const ABSOLUTE_MS = 12 * 60 * 60_000;

export const dashboardCookieName = (ctx: Pick<RequestContext, 'issuer'>): string => hostCookieName(ctx, 'latchkey_dashboard');

function cookieValue(request: FastifyRequest): string | undefined {
  return sessionCookieValue(request.cookies, dashboardCookieName(request.ctx));
}

/** The signed-in operator's id, or undefined; the idle end moves forward. */
export async function findOperatorSession(storage: Storage, request: FastifyRequest, now = new Date()): Promise<string | undefined> {
  const value = cookieValue(request);
  if (!value) return undefined;
  const idHash = hashToken(value);
  const session = await storage.operatorSessions.findActive(idHash, now);
  if (!session) return undefined;
  const { idleExpiresAt, touch } = nextIdleEnd(session, now, IDLE_MS);
  if (touch) await storage.operatorSessions.touch(idHash, idleExpiresAt);
  return session.operatorId;
}

/** A fresh session id on every sign-in, so a planted cookie is worthless. */
export async function startOperatorSession(
  storage: Storage,
  request: FastifyRequest,
  reply: FastifyReply,
  operatorId: string,
  now = new Date(),
): Promise<void> {
  const old = cookieValue(request);
  if (old) await storage.operatorSessions.delete(hashToken(old));
  // Sign-ins are rare: a good moment to forget sessions that ran out.
  await storage.operatorSessions.deleteExpired(now);
  const value = newOpaqueToken();
  const expiresAt = new Date(now.getTime() + ABSOLUTE_MS);
  await storage.operatorSessions.create(hashToken(value), { operatorId, createdAt: now, expiresAt, idleExpiresAt: new Date(now.getTime() + IDLE_MS) });
  reply.setCookie(dashboardCookieName(request.ctx), value, cookieOptions(request.ctx, ABSOLUTE_MS / 1000));
}

export async function endOperatorSession(storage: Storage, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const value = cookieValue(request);
  if (value) await storage.operatorSessions.delete(hashToken(value));
  reply.clearCookie(dashboardCookieName(request.ctx), cookieOptions(request.ctx));
}
