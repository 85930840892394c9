// The login, consent and callback-confirmation pages (plain HTML forms; no JavaScript needed).
// Each carries the authorization request in its URL and validates it again on every request;
// when done it sends the browser back to /authorize with the satisfied prompt removed, or, once
// the user confirmed a non-verifiable callback, answers the authorization itself.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/container.ts';
import { AccessDenied } from '../oauth/errors.ts';
import { Stop } from '../oauth/pipeline.ts';
import { consentAudience, type ValidatedRequest } from '../oauth/endpoints/authorize/context.ts';
import { withParams } from '../oauth/endpoints/authorize/params.ts';
import { AUTHORIZATION, SIGN_IN } from '../oauth/endpoints/authorize/validate.ts';
import { redirectingErrors } from '../oauth/endpoints/authorize/route.ts';
import { sendAuthorizationResponse } from '../oauth/endpoints/authorize/respond.ts';
import { callbackToConfirm } from '../oauth/endpoints/authorize/steps/confirm-callback.ts';
import { newNonce, sendPage } from '../web/layout.ts';
import { loginPage } from './pages/login-page.ts';
import { consentPage } from './pages/consent-page.ts';
import { confirmCallbackPage } from './pages/confirm-callback-page.ts';
import { callbackDestination } from './pages/callback-notice.ts';
import { CSRF_FAILED, checkCsrf, csrfToken } from '../web/csrf.ts';
import { describeScopes } from './scope-descriptions.ts';
import { statementIssuerTrusted, verifiedDomainOf } from '../domain/client.ts';
import { isLoopbackUri } from '../domain/uris.ts';
import { sendErrorPage } from '../web/error-response.ts';
import { logEvent } from '../services/sign-in-events.ts';
import { connectionOptions } from '../services/accounts/connection.ts';
import { bodyOf, continueSignedIn, validatedRequest } from './authorization-request.ts';
import { checkCredentials } from './credentials.ts';
import { currentSessionUserId, sessionCookie } from '../sessions/login-session.ts';
import { RESET_REQUEST_PATH } from './reset-request.ts';
import { SIGNUP_PATH } from './signup.ts';

/** The email of the user this browser is already signed in as, if any. */
async function signedInEmail(request: FastifyRequest): Promise<string | undefined> {
  const userId = await currentSessionUserId(request.ctx, sessionCookie(request));
  return userId ? (await request.ctx.stores.users.findById(userId))?.email : undefined;
}

async function renderLogin(request: FastifyRequest, reply: FastifyReply, a: ValidatedRequest, status: number, email?: string, error?: string) {
  const nonce = newNonce();
  const { client } = a;
  const signupDisabled = (await connectionOptions(request.ctx.stores)).disable_signup === true;
  const signedInAs = await signedInEmail(request);
  const body = loginPage({
    tenantName: request.ctx.tenant.settings.friendly_name,
    app: { name: client.name, ...(client.logo_uri ? { logo_uri: client.logo_uri } : {}) },
    action: withParams('/u/login', a.params),
    // Both keep the authorization request, so the user comes back to this sign-in afterwards.
    ...(signupDisabled ? {} : { signupUrl: withParams(SIGNUP_PATH, a.params) }),
    resetUrl: withParams(RESET_REQUEST_PATH, a.params),
    csrf: csrfToken(request, reply),
    ...(email ? { email } : {}),
    ...(error ? { error } : {}),
    ...(signedInAs ? { signedInAs } : {}),
    nonce,
  });
  return sendPage(reply, status, body, nonce);
}

async function authenticate(request: FastifyRequest, reply: FastifyReply, services: Services, a: ValidatedRequest): Promise<FastifyReply> {
  const result = await checkCredentials(request, services.mail, { clientId: a.client.client_id, clientName: a.client.name });
  if ('error' in result) return renderLogin(request, reply, a, result.status, result.email, result.error);
  return continueSignedIn(request, reply, a, result.user);
}

async function renderConsent(request: FastifyRequest, reply: FastifyReply, validated: ValidatedRequest): Promise<FastifyReply> {
  const a = await SIGN_IN.run(validated);
  if (a instanceof Stop) return reply.redirect(a.result.redirectTo, 302);
  const { client } = a;
  const nonce = newNonce();
  const destination = callbackDestination(a.redirectUri);
  const body = consentPage({
    tenantName: request.ctx.tenant.settings.friendly_name,
    app: { name: client.name, ...(client.logo_uri ? { logo_uri: client.logo_uri } : {}) },
    userEmail: a.user.email,
    redirectHost: destination.label,
    device: destination.device,
    selfRegistered: client.dynamic_registration !== undefined,
    verifiedBy: statementIssuerTrusted(client, request.ctx.tenant.settings.registration_policy.software_statement_issuers),
    ...(client.external_client_id !== undefined && {
      metadataDomain: verifiedDomainOf(client),
      localOnly: client.callbacks.length > 0 && client.callbacks.every(isLoopbackUri),
    }),
    scopes: describeScopes(a.scopes, a.api),
    action: withParams('/u/consent', a.params),
    csrf: csrfToken(request, reply),
    nonce,
  });
  return sendPage(reply, 200, body, nonce);
}

async function decideConsent(request: FastifyRequest, reply: FastifyReply, validated: ValidatedRequest): Promise<FastifyReply> {
  const a = await SIGN_IN.run(validated);
  if (a instanceof Stop) return reply.redirect(a.result.redirectTo, 303);
  if (bodyOf(request).decision !== 'accept') {
    logEvent(request, 'f', 'User did not authorize the request', {
      clientId: a.client.client_id,
      clientName: a.client.name,
      userId: a.user.user_id,
      userName: a.user.email,
    });
    throw new AccessDenied('User did not authorize the request');
  }
  await request.ctx.stores.consents.grant(a.user.user_id, a.client.client_id, consentAudience(a), a.scopes);
  // The page told the user where a non-verifiable callback sends the result; that holds for this
  // authorization only, so it is answered here rather than asked again at /authorize.
  if (callbackToConfirm(a)) return answerConfirmed(reply, a);
  return reply.redirect(withParams('/authorize', a.params, { prompt: ['consent'] }), 303);
}

/** The rest of /authorize for a request whose user has just confirmed where the result goes. */
async function answerConfirmed(reply: FastifyReply, a: ValidatedRequest): Promise<FastifyReply> {
  const prompts = new Set([...a.prompts].filter((p) => p !== 'consent'));
  const out = await AUTHORIZATION.run({ ...a, prompts, callbackConfirmed: true });
  if (out instanceof Stop) return reply.redirect(out.result.redirectTo, 303);
  return sendAuthorizationResponse(reply, out, out.response);
}

/**
 * The confirmation page is for a request that needs it and has no consent page to carry the
 * notice: anything else goes back to /authorize, which decides what the request needs.
 */
async function confirmationTarget(validated: ValidatedRequest) {
  const a = await SIGN_IN.run(validated);
  if (a instanceof Stop) return a;
  const device = callbackToConfirm(a);
  if (!device || !a.client.is_first_party) return new Stop({ redirectTo: withParams('/authorize', a.params) });
  return { ...a, device };
}

async function renderConfirmation(request: FastifyRequest, reply: FastifyReply, validated: ValidatedRequest): Promise<FastifyReply> {
  const a = await confirmationTarget(validated);
  if (a instanceof Stop) return reply.redirect(a.result.redirectTo, 302);
  const nonce = newNonce();
  const body = confirmCallbackPage({
    tenantName: request.ctx.tenant.settings.friendly_name,
    app: { name: a.client.name, ...(a.client.logo_uri ? { logo_uri: a.client.logo_uri } : {}) },
    userEmail: a.user.email,
    device: a.device,
    action: withParams('/u/confirm', a.params),
    csrf: csrfToken(request, reply),
    nonce,
  });
  return sendPage(reply, 200, body, nonce);
}

async function decideConfirmation(request: FastifyRequest, reply: FastifyReply, validated: ValidatedRequest): Promise<FastifyReply> {
  const a = await confirmationTarget(validated);
  if (a instanceof Stop) return reply.redirect(a.result.redirectTo, 303);
  if (bodyOf(request).decision !== 'continue') {
    logEvent(request, 'f', 'User did not authorize the request', {
      clientId: a.client.client_id,
      clientName: a.client.name,
      userId: a.user.user_id,
      userName: a.user.email,
    });
    throw new AccessDenied('User did not authorize the request');
  }
  return answerConfirmed(reply, a);
}

export function registerLoginPages(app: FastifyInstance, services: Services): void {
  app.get('/u/login', async (request, reply) => {
    const a = await validatedRequest(request, services);
    return renderLogin(request, reply, a, 200, a.params.login_hint);
  });

  app.post('/u/login', async (request, reply) => {
    if (!checkCsrf(request, bodyOf(request))) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
    const a = await validatedRequest(request, services);
    return authenticate(request, reply, services, a);
  });

  app.get('/u/consent', async (request, reply) => {
    const a = await validatedRequest(request, services);
    return redirectingErrors(reply, a, () => renderConsent(request, reply, a), true);
  });

  app.post('/u/consent', async (request, reply) => {
    if (!checkCsrf(request, bodyOf(request))) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
    const a = await validatedRequest(request, services);
    return redirectingErrors(reply, a, () => decideConsent(request, reply, a), true);
  });

  app.get('/u/confirm', async (request, reply) => {
    const a = await validatedRequest(request, services);
    return redirectingErrors(reply, a, () => renderConfirmation(request, reply, a), true);
  });

  app.post('/u/confirm', async (request, reply) => {
    if (!checkCsrf(request, bodyOf(request))) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
    const a = await validatedRequest(request, services);
    return redirectingErrors(reply, a, () => decideConfirmation(request, reply, a), true);
  });
}
