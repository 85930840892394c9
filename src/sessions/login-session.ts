// Login sessions: a random cookie value whose SHA-256 keys a store row. Absolute and idle
// lifetimes come from the tenant settings (hours, as Auth0's session_lifetime and
// idle_session_lifetime).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../tenancy/context.ts';
import type { LoginSession } from '../storage/ports.ts';
import { hashToken, newOpaqueToken } from '../crypto.ts';
import { randomString } from '../domain/ids.ts';
import { cookieOptions, sessionCookieName } from '../web/cookies.ts';
import { nextIdleEnd, sessionCookieValue } from './cookie-session.ts';

const HOUR_MS = 3_600_000;

export interface ActiveSession extends LoginSession {
  idHash: string;
}

export function sessionCookie(request: FastifyRequest): string | undefined {
  return sessionCookieValue(request.cookies, sessionCookieName(request.ctx));
}

/** The live session the cookie points to; its idle end moves forward. */
export async function findSession(ctx: RequestContext, cookie: string | undefined, now = new Date()): Promise<ActiveSession | undefined> {
  if (!cookie) return undefined;
  const idHash = hashToken(cookie);
  const session = await ctx.stores.sessions.findActive(idHash, now);
  if (!session) return undefined;
  const { idleExpiresAt, touch } = nextIdleEnd(session, now, ctx.tenant.settings.idle_session_lifetime * HOUR_MS);
  if (touch) await ctx.stores.sessions.touch(idHash, idleExpiresAt);
  return { ...session, idleExpiresAt, idHash };
}

/** The `sid` of the live session the cookie points to, read without moving its idle end. */
/** The `sid` and user (`sub`) of the browser's active session, if it has one. */
export async function currentSessionIdentity(
  ctx: RequestContext,
  cookie: string | undefined,
  now = new Date(),
): Promise<{ sid: string; sub: string } | undefined> {
  const session = cookie ? await ctx.stores.sessions.findActive(hashToken(cookie), now) : undefined;
  return session && { sid: session.sid, sub: session.userId };
}

/** Starts a fresh session (a new id on every sign-in, so a planted id is worthless). */
export async function startSession(request: FastifyRequest, reply: FastifyReply, userId: string, now = new Date()): Promise<LoginSession> {
  const { ctx } = request;
  const old = sessionCookie(request);
  if (old) await ctx.stores.sessions.delete(hashToken(old));
  const { session_lifetime, idle_session_lifetime } = ctx.tenant.settings;
  const expiresAt = new Date(now.getTime() + session_lifetime * HOUR_MS);
  const session: LoginSession = {
    sid: randomString(32),
    userId,
    authTime: now,
    createdAt: now,
    expiresAt,
    idleExpiresAt: new Date(Math.min(expiresAt.getTime(), now.getTime() + idle_session_lifetime * HOUR_MS)),
  };
  const value = newOpaqueToken();
  await ctx.stores.sessions.create(hashToken(value), session);
  reply.setCookie(sessionCookieName(ctx), value, cookieOptions(ctx, Math.floor(session_lifetime * 3600)));
  return session;
}

export async function endSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { ctx } = request;
  const value = sessionCookie(request);
  if (value) await ctx.stores.sessions.delete(hashToken(value));
  reply.clearCookie(sessionCookieName(ctx), cookieOptions(ctx));
}
