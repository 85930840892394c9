// /u/apps (beyond Auth0): a signed-in user sees the apps they authorized and revokes any of
// them; revoking deletes the consents and the refresh tokens the app holds for the user, so its
// next authorization asks again. Without a session the user logs in first (/u/apps/login),
// then comes back here. Every POST carries the CSRF token, as the login forms do.
import type { Services } from '../services/container.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newNonce, sendPage } from '../web/layout.ts';
import { CSRF_FAILED, checkCsrf, csrfToken } from '../web/csrf.ts';
import { sendErrorPage } from '../web/error-response.ts';
import { findSession, sessionCookie } from '../sessions/login-session.ts';
import { revokeUserConsents } from '../services/consents.ts';
import { checkCredentials, signIn } from './credentials.ts';
import { RESET_REQUEST_PATH } from './reset-request.ts';
import { authorizedApps } from './authorized-apps.ts';
import { appsPage } from './pages/apps-page.ts';
import { loginPage } from './pages/login-page.ts';

const APPS = '/u/apps';
const LOGIN = '/u/apps/login';
const CLIENT_ID_MAX = 2048;

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  return request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
}

function queryValue(request: FastifyRequest, name: string): string | undefined {
  const v = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' && v.length > 0 && v.length <= CLIENT_ID_MAX ? v : undefined;
}

/** The signed-in user, if the session and its user are both still there. */
async function signedInUser(request: FastifyRequest) {
  const session = await findSession(request.ctx, sessionCookie(request));
  return session ? request.ctx.stores.users.findById(session.userId) : undefined;
}

function renderLogin(request: FastifyRequest, reply: FastifyReply, status: number, email?: string, error?: string) {
  const nonce = newNonce();
  const body = loginPage({
    tenantName: request.ctx.tenant.settings.friendly_name,
    action: LOGIN,
    resetUrl: RESET_REQUEST_PATH,
    csrf: csrfToken(request, reply),
    ...(email ? { email } : {}),
    ...(error ? { error } : {}),
    nonce,
  });
  return sendPage(reply, status, body, nonce);
}

async function renderApps(request: FastifyRequest, reply: FastifyReply) {
  const user = await signedInUser(request);
  if (!user) return reply.redirect(LOGIN, 302);
  const revokedId = queryValue(request, 'revoked');
  const revoked = revokedId ? (await request.ctx.stores.clients.findById(revokedId))?.name : undefined;
  const nonce = newNonce();
  const body = appsPage({
    tenantName: request.ctx.tenant.settings.friendly_name,
    userEmail: user.email,
    apps: await authorizedApps(request.ctx, user.user_id),
    ...(revoked !== undefined ? { revoked } : {}),
    csrf: csrfToken(request, reply),
    nonce,
  });
  return sendPage(reply, 200, body, nonce);
}

async function revoke(request: FastifyRequest, reply: FastifyReply) {
  const user = await signedInUser(request);
  if (!user) return reply.redirect(LOGIN, 303);
  const clientId = bodyOf(request).client_id;
  if (typeof clientId !== 'string' || !clientId || clientId.length > CLIENT_ID_MAX) {
    return sendErrorPage(request, reply, 400, 'invalid_request', 'Choose an app to revoke.');
  }
  const gone = await revokeUserConsents(request.ctx.stores, user.user_id, clientId);
  return reply.redirect(gone.length ? `${APPS}?${new URLSearchParams({ revoked: clientId })}` : APPS, 303);
}

export function registerAppsPages(app: FastifyInstance, services: Services): void {
  app.get(APPS, (request, reply) => renderApps(request, reply));

  app.post(`${APPS}/revoke`, async (request, reply) => {
    if (!checkCsrf(request, bodyOf(request))) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
    return revoke(request, reply);
  });

  app.get(LOGIN, async (request, reply) => {
    if (await signedInUser(request)) return reply.redirect(APPS, 302);
    return renderLogin(request, reply, 200);
  });

  app.post(LOGIN, async (request, reply) => {
    if (!checkCsrf(request, bodyOf(request))) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
    const result = await checkCredentials(request, services.mail, {});
    if ('error' in result) return renderLogin(request, reply, result.status, result.email, result.error);
    await signIn(request, reply, result.user, {});
    return reply.redirect(APPS, 303);
  });
}
