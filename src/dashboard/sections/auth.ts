// Sign-in, sign-out, the tenant switcher and the /dashboard entry point. Operators are not
// tenant users and have no Management API of their own, so these steps use the operator
// stores directly; everything about a tenant's data goes through the API.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import { hashPassword, verifyPassword } from '../../services/passwords.ts';
import { newNonce, sendPage } from '../../web/layout.ts';
import { checkCsrf, csrfToken } from '../../web/csrf.ts';
import { BLOCK_MS } from '../../domain/brute-force.ts';
import { clearFailures, isBlocked, recordFailure, type SignInAttempt } from '../../sessions/brute-force.ts';
import { signInPage } from '../pages/card.ts';
import { formBody, safeReturnTo, text } from '../form.ts';
import { CSRF_MESSAGE, CSRF_TITLE, DashboardError, signedInOperator, tenantsOf } from '../context.ts';
import { endOperatorSession, startOperatorSession } from '../../sessions/operator-session.ts';
import { tenantBase } from '../layout.ts';
import { originOf } from '../../services/sign-in-events.ts';

/** The application named in the log entries of dashboard sign-ins. */
const DASHBOARD = 'Latchkey Dashboard';

export const WRONG_CREDENTIALS = 'Wrong email or password.';
export const TOO_MANY_ATTEMPTS = `Too many failed sign-in attempts. Signing in to this account is blocked for ${BLOCK_MS / 60_000} minutes.`;

/** Sections a switch may land on (the switcher keeps the operator on the same kind of page). */
const SECTIONS = new Set(['activity', 'logs', 'applications', 'apis', 'users', 'roles', 'logs/registrations', 'settings', 'settings/advanced']);

let dummyHash: Promise<string> | undefined;
// Unknown emails are checked against this hash so that they take as long as known ones.
const timingDummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

/**
 * Failed sign-ins are counted like the login page's, in the default tenant's counters under keys
 * of their own (operators belong to no tenant), with that tenant's mode, max_attempts and
 * allowlist, and logged in its log. The dashboard is always protected and always blocks:
 * switching a tenant's protection off, or to notifications only, concerns its users, not the
 * operators who run the server.
 */
async function operatorProtection(services: Services) {
  const tenant = await services.storage.tenants.findDefault();
  if (!tenant) throw new Error('the default tenant is missing');
  const stores = services.storage.forTenant(tenant.id);
  const settings = { ...(await stores.attackProtection.bruteForce()), enabled: true, shields: ['block' as const] };
  return { stores, store: stores.loginFailures, settings };
}

function renderSignIn(request: FastifyRequest, reply: FastifyReply, status: number, returnTo: string, email?: string, error?: string) {
  const nonce = newNonce();
  const body = signInPage({
    action: '/dashboard/login',
    csrf: csrfToken(request, reply),
    returnTo,
    nonce,
    ...(email ? { email } : {}),
    ...(error ? { error } : {}),
  });
  return sendPage(reply, status, body, nonce);
}

async function signIn(services: Services, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const body = formBody(request);
  const returnTo = safeReturnTo(text(body, 'return_to'));
  const email = text(body, 'email').toLowerCase();
  const password = typeof body.password === 'string' ? body.password : '';
  if (!email || !password) return renderSignIn(request, reply, 400, returnTo, email, 'Enter your email and password.');

  const { stores, store, settings } = await operatorProtection(services);
  const attempt: SignInAttempt = { identifier: email, ip: request.ip, connection: 'dashboard', realm: 'operator' };
  const now = new Date();
  if (await isBlocked(store, settings, attempt, now)) return renderSignIn(request, reply, 429, returnTo, email, TOO_MANY_ATTEMPTS);

  const operator = await services.storage.operators.findByEmail(email);
  const valid = (await verifyPassword(operator?.passwordHash ?? (await timingDummy()), password)) && operator !== undefined;
  const who = { clientName: DASHBOARD, userName: email, ...(operator ? { userId: operator.id } : {}) };
  if (!valid) {
    const blocked = await recordFailure(store, settings, attempt, now);
    request.log.info('dashboard sign-in refused');
    services.events.record(stores, originOf(request), operator ? 'fp' : 'fu', WRONG_CREDENTIALS, who);
    if (blocked) services.events.record(stores, originOf(request), 'limit_wc', 'Too many failed login attempts', who);
    return renderSignIn(request, reply, blocked ? 429 : 400, returnTo, email, blocked ? TOO_MANY_ATTEMPTS : WRONG_CREDENTIALS);
  }
  await clearFailures(store, settings, attempt);
  await startOperatorSession(services.storage, request, reply, operator.id, now);
  services.events.record(stores, originOf(request), 's', 'Success Login', who);
  return reply.redirect(returnTo, 303);
}

export function registerAuthPages(app: FastifyInstance, services: Services): void {
  app.get('/dashboard', async (request, reply) => {
    const operator = await signedInOperator(services, request);
    if (!operator) return reply.redirect('/dashboard/login', 303);
    const [first] = await tenantsOf(services, operator);
    if (!first) throw new DashboardError(403, 'No tenants', 'Your account does not own any tenant yet. Create one with `latchkey tenant create`.');
    return reply.redirect(`${tenantBase(first)}/activity`, 303);
  });

  app.get('/dashboard/login', async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).return_to);
    if (await signedInOperator(services, request)) return reply.redirect(returnTo, 303);
    return renderSignIn(request, reply, 200, returnTo);
  });

  app.post('/dashboard/login', async (request, reply) => {
    if (!checkCsrf(request, formBody(request))) throw new DashboardError(403, CSRF_TITLE, CSRF_MESSAGE);
    return signIn(services, request, reply);
  });

  app.post('/dashboard/logout', async (request, reply) => {
    if (!checkCsrf(request, formBody(request))) throw new DashboardError(403, CSRF_TITLE, CSRF_MESSAGE);
    await endOperatorSession(services.storage, request, reply);
    return reply.redirect('/dashboard/login', 303);
  });

  app.get('/dashboard/switch', async (request, reply) => {
    const operator = await signedInOperator(services, request);
    if (!operator) return reply.redirect(`/dashboard/login`, 303);
    const q = request.query as Record<string, unknown>;
    const tenant = (await tenantsOf(services, operator)).find((t) => t.name === q.tenant);
    if (!tenant) throw new DashboardError(404, 'Tenant not found', `There is no tenant named "${String(q.tenant ?? '')}" in your account.`);
    const section = typeof q.section === 'string' && SECTIONS.has(q.section) ? q.section : 'applications';
    return reply.redirect(`${tenantBase(tenant)}/${section}`, 303);
  });

  app.get('/dashboard/:tenant', async (request, reply) =>
    reply.redirect(`/dashboard/${encodeURIComponent((request.params as { tenant: string }).tenant)}/applications`, 303),
  );
}
