// /u/reset-password/request, the login page's "Forgot password?": the same answer whether or not
// the email belongs to an account (as Auth0's /dbconnections/change_password); the mail's link
// is a single-use password_change ticket whose page leads back to the authorization the user
// came from.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/container.ts';
import type { ValidatedRequest } from '../oauth/endpoints/authorize/context.ts';
import { withParams } from '../oauth/endpoints/authorize/params.ts';
import { newNonce, sendPage } from '../web/layout.ts';
import { CSRF_FAILED, checkCsrf, csrfToken } from '../web/csrf.ts';
import { sendErrorPage } from '../web/error-response.ts';
import { requestPasswordReset } from '../services/accounts/password-reset.ts';
import { takeSignupAllowance } from '../services/accounts/signup-limit.ts';
import { controlFree } from '../services/accounts/signup.ts';
import { bodyOf, validatedRequest } from './authorization-request.ts';
import { resetRequestPage, type ResetRequestPageInput } from './pages/reset-request-page.ts';

export const RESET_REQUEST_PATH = '/u/reset-password/request';
const EMAIL_MAX = 320;

/** The authorization request the page carries, when the user came from a login page. */
async function authorizationOf(request: FastifyRequest, services: Services): Promise<ValidatedRequest | undefined> {
  const query = request.query as Record<string, unknown> | undefined;
  return query?.client_id !== undefined ? validatedRequest(request, services) : undefined;
}

function show(
  request: FastifyRequest,
  reply: FastifyReply,
  a: ValidatedRequest | undefined,
  status: number,
  shown: Pick<ResetRequestPageInput, 'state' | 'email' | 'error'>,
) {
  const nonce = newNonce();
  const body = resetRequestPage({
    tenantName: request.ctx.tenant.settings.friendly_name,
    nonce,
    action: a ? withParams(RESET_REQUEST_PATH, a.params) : RESET_REQUEST_PATH,
    ...(shown.state === 'form' ? { csrf: csrfToken(request, reply) } : {}),
    ...(a ? { loginUrl: withParams('/u/login', a.params), appName: a.client.name } : {}),
    ...shown,
  });
  return sendPage(reply, status, body, nonce);
}

async function requestReset(request: FastifyRequest, reply: FastifyReply, services: Services, a: ValidatedRequest | undefined): Promise<FastifyReply> {
  const { ctx } = request;
  const allowance = await takeSignupAllowance(ctx, request.ip, services.config.rateLimits);
  if (!allowance.allowed) {
    reply.header('retry-after', String(allowance.retryAfterSeconds));
    return show(request, reply, a, 429, { state: 'form', error: 'Too many requests from your network. Try again later.' });
  }
  const raw = bodyOf(request).email;
  const email = typeof raw === 'string' ? raw.trim() : '';
  // CR, LF and other control characters would reach mail headers.
  if (!controlFree(email)) return show(request, reply, a, 400, { state: 'form', error: 'The email must not contain control characters such as line breaks.' });
  if (!email || email.length > EMAIL_MAX) return show(request, reply, a, 400, { state: 'form', error: 'Enter your email address.' });
  await requestPasswordReset({ ...ctx, mail: services.mail }, email, {
    clientId: a?.client.client_id ?? null,
    // After the reset, "Back to the application" starts this authorization again (RFC 6749 §4.1.1).
    resultUrl: a ? withParams(`${ctx.issuer}authorize`, a.params) : null,
  });
  return show(request, reply, a, 200, { state: 'sent', email });
}

export function registerResetRequest(app: FastifyInstance, services: Services): void {
  app.get(RESET_REQUEST_PATH, async (request, reply) => {
    const a = await authorizationOf(request, services);
    return show(request, reply, a, 200, { state: 'form', ...(a?.params.login_hint ? { email: a.params.login_hint } : {}) });
  });

  app.post(RESET_REQUEST_PATH, async (request, reply) => {
    if (!checkCsrf(request, bodyOf(request))) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
    const a = await authorizationOf(request, services);
    return requestReset(request, reply, services, a);
  });
}
