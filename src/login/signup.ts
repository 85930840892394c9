// /u/signup: Universal Login's sign-up page. It carries the authorization request as the login
// page does; the account is made by the same service as POST /dbconnections/signup (connection
// rules, the user, a verification email), then the user is signed in and the authorization goes
// on (consent, then the app), as at Auth0: verification does not block the sign-in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/container.ts';
import type { ValidatedRequest } from '../oauth/endpoints/authorize/context.ts';
import { withParams } from '../oauth/endpoints/authorize/params.ts';
import { passwordRules } from '../domain/password-policy.ts';
import type { ConnectionOptions } from '../domain/connection.ts';
import { newNonce, sendPage } from '../web/layout.ts';
import { defaultDatabaseConnection } from '../domain/connection.ts';
import { blockedNotice } from '../sessions/brute-force.ts';
import { CSRF_FAILED, checkCsrf, csrfToken } from '../web/csrf.ts';
import { sendErrorPage } from '../web/error-response.ts';
import { connectionOptions } from '../services/accounts/connection.ts';
import { takeSignupAllowance } from '../services/accounts/signup-limit.ts';
import { checkSignup, controlFree, signUp, type SignupRefusal } from '../services/accounts/signup.ts';
import { logEvent } from '../services/sign-in-events.ts';
import { bodyOf, continueSignedIn, validatedRequest } from './authorization-request.ts';
import { signupPage, type SignupPageInput } from './pages/signup-page.ts';

export const SIGNUP_PATH = '/u/signup';
const EMAIL_MAX = 320;
const PASSWORD_MAX = 1024;
// Says no more than Auth0's invalid_signup, which is all /dbconnections/signup answers.
export const SIGNUP_REFUSED = 'We could not create an account with this email. If it is already registered, log in or reset your password.';

type Shown = Pick<SignupPageInput, 'email' | 'failed' | 'error'>;

async function show(request: FastifyRequest, reply: FastifyReply, a: ValidatedRequest, status: number, options: ConnectionOptions, shown: Shown = {}) {
  const nonce = newNonce();
  const { client } = a;
  const disabled = options.disable_signup === true;
  const body = signupPage({
    tenantName: request.ctx.tenant.settings.friendly_name,
    app: { name: client.name, ...(client.logo_uri ? { logo_uri: client.logo_uri } : {}) },
    nonce,
    loginUrl: withParams('/u/login', a.params),
    ...(disabled
      ? { state: 'disabled' as const }
      : { state: 'form' as const, action: withParams(SIGNUP_PATH, a.params), csrf: csrfToken(request, reply), rules: passwordRules(options), ...shown }),
  });
  return sendPage(reply, status, body, nonce);
}

/** The words for a refusal of the sign-up service, on the page. */
function refusalShown(r: SignupRefusal, email: string, fromStore: boolean): Shown {
  if (r.code === 'invalid_password') return { email, failed: r.failed };
  if (r.code === 'operation_not_allowed') return { email, error: 'Sign-up is not available.' };
  if (r.code === 'user_exists') return { email, error: 'This email is already registered. Log in or reset your password.' };
  return { email, error: fromStore ? SIGNUP_REFUSED : 'Enter a valid email address.' };
}

async function createAccount(request: FastifyRequest, reply: FastifyReply, services: Services, a: ValidatedRequest): Promise<FastifyReply> {
  const { ctx } = request;
  const options = await connectionOptions(ctx.stores);
  if (options.disable_signup) return show(request, reply, a, 403, options);

  const allowance = await takeSignupAllowance(ctx, request.ip, services.config.rateLimits);
  if (!allowance.allowed) {
    reply.header('retry-after', String(allowance.retryAfterSeconds));
    const minutes = Math.max(1, Math.ceil(allowance.retryAfterSeconds / 60));
    return show(request, reply, a, 429, options, { error: `Too many sign-ups from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` });
  }

  const body = bodyOf(request);
  const email = typeof body.email === 'string' ? body.email.trim() : '';
  const password = typeof body.password === 'string' ? body.password : '';
  // CR, LF and other control characters would reach mail headers: refused, as by the API.
  if (!controlFree(email)) return show(request, reply, a, 400, options, { error: 'The email must not contain control characters such as line breaks.' });
  const shownEmail = email.slice(0, EMAIL_MAX);
  if (!email || !password) return show(request, reply, a, 400, options, { email: shownEmail, error: 'Enter your email and a password.' });
  if (password.length > PASSWORD_MAX)
    return show(request, reply, a, 400, options, { email: shownEmail, error: `Use a password of at most ${PASSWORD_MAX} characters.` });

  const blocked = await blockedNotice(ctx.stores, { identifier: email.toLowerCase(), ip: request.ip, connection: defaultDatabaseConnection().name });
  if (blocked) return show(request, reply, a, 429, options, { email: shownEmail, error: blocked });

  const input = { email, password, clientId: a.client.client_id };
  const checked = checkSignup(options, input);
  const result = checked ? { refusal: checked } : await signUp({ ...ctx, mail: services.mail }, input);
  if ('refusal' in result) {
    logEvent(request, 'fs', result.refusal.description, {
      clientId: a.client.client_id,
      clientName: a.client.name,
      userName: email.toLowerCase(),
      details: { error: result.refusal.code },
    });
    return show(request, reply, a, 400, options, refusalShown(result.refusal, shownEmail, checked === undefined));
  }
  logEvent(request, 'ss', 'Successful signup', {
    clientId: a.client.client_id,
    clientName: a.client.name,
    userId: result.user.user_id,
    userName: result.user.email,
  });
  return continueSignedIn(request, reply, a, result.user);
}

export function registerSignupPage(app: FastifyInstance, services: Services): void {
  app.get(SIGNUP_PATH, async (request, reply) => {
    const a = await validatedRequest(request, services);
    const options = await connectionOptions(request.ctx.stores);
    return show(request, reply, a, options.disable_signup ? 403 : 200, options, a.params.login_hint ? { email: a.params.login_hint } : {});
  });

  app.post(SIGNUP_PATH, async (request, reply) => {
    if (!checkCsrf(request, bodyOf(request))) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
    const a = await validatedRequest(request, services);
    return createAccount(request, reply, services, a);
  });
}
