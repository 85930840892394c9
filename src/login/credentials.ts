// The email-and-password check behind every login form: brute-force limits per email and
// network, the same time for unknown emails as for known ones, and a log entry for each outcome.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../domain/user.ts';
import { hashPassword, verifyPassword } from '../services/passwords.ts';
import { clearFailures, failureKey, isBlocked, recordFailure } from '../sessions/brute-force.ts';
import { startSession } from '../sessions/login-session.ts';
import { logEvent } from '../services/sign-in-events.ts';

export const WRONG_CREDENTIALS = 'Wrong email or password.';
export const TOO_MANY_ATTEMPTS = 'Too many failed login attempts. Logging in to this account from your network is blocked for 15 minutes.';

// Unknown emails are checked against this hash so that they take as long as known ones.
let dummyHash: Promise<string> | undefined;
const timingDummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

export type CredentialCheck = { user: User } | { status: number; email: string; error: string };

/** Checks the posted email and password (sign the user in next). */
export async function checkCredentials(request: FastifyRequest, clientId: string | null): Promise<CredentialCheck> {
  const { ctx } = request;
  const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  const password = typeof body.password === 'string' ? body.password : '';
  if (!email || !password) return { status: 400, email, error: 'Enter your email and password.' };

  const key = failureKey(email, request.ip);
  if (await isBlocked(ctx, key)) return { status: 429, email, error: TOO_MANY_ATTEMPTS };

  const user = await ctx.stores.users.findByEmail(email);
  const hash = (user && (await ctx.stores.users.passwordHash(user.user_id))) ?? (await timingDummy());
  const valid = (await verifyPassword(hash, password)) && user !== undefined;
  if (!valid) {
    const blocked = await recordFailure(ctx, key);
    await logEvent(request, user ? 'fp' : 'fu', user ? 'Wrong password' : 'Unknown email', { user_name: email }, clientId);
    if (blocked) await logEvent(request, 'limit_wc', 'Too many failed login attempts', { user_name: email }, clientId);
    return { status: blocked ? 429 : 400, email, error: blocked ? TOO_MANY_ATTEMPTS : WRONG_CREDENTIALS };
  }
  if (user.blocked) {
    await logEvent(request, 'f', 'user is blocked', { user_id: user.user_id, user_name: email }, clientId);
    return { status: 401, email, error: `Your account is blocked. Contact the administrator of ${ctx.tenant.settings.friendly_name}.` };
  }

  await clearFailures(ctx, key);
  return { user };
}

/** A user who has just authenticated (log in or sign-up): a fresh session, the login counted and logged. */
export async function signIn(request: FastifyRequest, reply: FastifyReply, user: User, clientId: string | null): Promise<void> {
  await startSession(request, reply, user.user_id);
  await request.ctx.stores.users.recordLogin(user.user_id, new Date(), request.ip);
  await logEvent(request, 's', 'Success Login', { user_id: user.user_id, user_name: user.email }, clientId);
}
