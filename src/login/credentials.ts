// The email-and-password check behind every login form: the tenant's brute-force protection
// (Auth0's attack protection), the same time for unknown emails as for known ones, and a log
// entry for each outcome.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../domain/user.ts';
import { hashPassword, verifyPassword } from '../services/passwords.ts';
import { blockedMessage, clearFailures, countedNetwork, isBlocked, recordFailure, type SignInAttempt } from '../sessions/brute-force.ts';
import { defaultBruteForceProtection, type BruteForceProtection } from '../domain/brute-force.ts';
import { defaultDatabaseConnection } from '../domain/connection.ts';
import { sendUnblockEmail } from '../services/accounts/unblock.ts';
import type { MailService } from '../services/mail/mail-service.ts';
import { startSession } from '../sessions/login-session.ts';
import { logEvent } from '../services/sign-in-events.ts';

export const WRONG_CREDENTIALS = 'Wrong email or password.';
/** What a blocked attempt is told under Auth0's default brute-force settings. */
export const TOO_MANY_ATTEMPTS = blockedMessage(defaultBruteForceProtection());

// Unknown emails are checked against this hash so that they take as long as known ones.
let dummyHash: Promise<string> | undefined;
const timingDummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

/** The application a sign-in is for, as its log entries name it (none for the user's own pages). */
export type SigningInTo = { clientId: string; clientName: string } | Record<string, never>;

export type CredentialCheck = { user: User } | { status: number; email: string; error: string };

/**
 * The shields of a threshold just reached: Auth0's `limit_wc` log entry when sign-ins are now
 * refused, and the unblock mail when the account exists and the tenant notifies users.
 */
async function onThresholdReached(
  request: FastifyRequest,
  mail: MailService,
  app: SigningInTo,
  settings: BruteForceProtection,
  attempt: SignInAttempt,
  user?: User,
) {
  const network = countedNetwork(settings, attempt.ip);
  if (settings.shields.includes('block')) {
    logEvent(request, 'limit_wc', 'Too many failed login attempts', {
      ...app,
      userName: attempt.identifier,
      ...(user ? { userId: user.user_id } : {}),
      ...(network ? { details: { network } } : {}),
    });
  }
  if (user && settings.shields.includes('user_notification')) {
    if (!(await sendUnblockEmail({ ...request.ctx, mail }, user, settings.max_attempts, network))) request.log.warn('unblock email not queued');
  }
}

/** Checks the posted email and password under the tenant's brute-force protection (sign the user in next). */
export async function checkCredentials(request: FastifyRequest, mail: MailService, app: SigningInTo): Promise<CredentialCheck> {
  const { ctx } = request;
  const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  const password = typeof body.password === 'string' ? body.password : '';
  if (!email || !password) return { status: 400, email, error: 'Enter your email and password.' };

  const settings = await ctx.stores.attackProtection.bruteForce();
  const attempt: SignInAttempt = { identifier: email, ip: request.ip, connection: defaultDatabaseConnection().name };
  if (await isBlocked(ctx.stores.loginFailures, settings, attempt)) return { status: 429, email, error: blockedMessage(settings) };

  const user = await ctx.stores.users.findByEmail(email);
  const hash = (user && (await ctx.stores.users.passwordHash(user.user_id))) ?? (await timingDummy());
  const valid = (await verifyPassword(hash, password)) && user !== undefined;
  if (!valid) {
    const reached = await recordFailure(ctx.stores.loginFailures, settings, attempt);
    logEvent(request, user ? 'fp' : 'fu', WRONG_CREDENTIALS, { ...app, userName: email, ...(user ? { userId: user.user_id } : {}) });
    if (reached) await onThresholdReached(request, mail, app, settings, attempt, user);
    const blocked = reached && settings.shields.includes('block');
    return { status: blocked ? 429 : 400, email, error: blocked ? blockedMessage(settings) : WRONG_CREDENTIALS };
  }
  if (user.blocked) {
    logEvent(request, 'f', 'user is blocked', { ...app, userId: user.user_id, userName: email });
    return { status: 401, email, error: `Your account is blocked. Contact the administrator of ${ctx.tenant.settings.friendly_name}.` };
  }

  await clearFailures(ctx.stores.loginFailures, settings, attempt);
  return { user };
}

/** A user who has just authenticated (log in or sign-up): a fresh session, the login counted and logged. */
export async function signIn(request: FastifyRequest, reply: FastifyReply, user: User, app: SigningInTo): Promise<void> {
  await startSession(request, reply, user.user_id);
  await request.ctx.stores.users.recordLogin(user.user_id, new Date(), request.ip);
  logEvent(request, 's', 'Success Login', { ...app, userId: user.user_id, userName: user.email });
}
