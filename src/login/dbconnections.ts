// Auth0's Authentication API for database connections: POST /dbconnections/signup. Errors use
// that API's shape, {name, code, description, statusCode}, which the Auth0 SDKs read.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/container.ts';
import { logEvent } from '../services/sign-in-events.ts';
import { defaultDatabaseConnection } from '../domain/connection.ts';
import { requestPasswordReset } from '../services/accounts/password-reset.ts';
import { databaseConnection } from '../services/accounts/connection.ts';
import { takeSignupAllowance } from '../services/accounts/signup-limit.ts';
import { blockedNotice } from '../sessions/brute-force.ts';
import { checkSignup, controlFree, signUp, type SignupInput, type SignupRefusal } from '../services/accounts/signup.ts';

const STRING_FIELDS = ['username', 'given_name', 'family_name', 'name', 'nickname', 'picture'] as const;
const FIELD_MAX = 320;
const METADATA_MAX_BYTES = 16 * 1024;

function badRequest(reply: FastifyReply, code: string, description: unknown, extra: Record<string, unknown> = {}) {
  return reply
    .code(400)
    .header('cache-control', 'no-store')
    .send({ name: 'BadRequestError', code, description, statusCode: 400, ...extra });
}

function refuse(reply: FastifyReply, r: SignupRefusal) {
  if (r.code !== 'invalid_password') return badRequest(reply, r.code, r.description);
  return badRequest(
    reply,
    'invalid_password',
    { rules: r.rules.map((rule) => ({ code: rule.code, message: rule.message, verified: rule.code !== r.failed.code })), verified: false },
    {
      name: 'PasswordStrengthError',
      message: `Password is too weak: ${r.failed.message.toLowerCase()}`,
      policy: r.rules.map((x) => `* ${x.message}`).join('\n'),
    },
  );
}

/** The body as SignupInput, or a description of what is wrong with it. */
function parse(body: unknown): { input: SignupInput & { connection: string } } | { error: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: 'Expected a JSON object' };
  const b = body as Record<string, unknown>;
  for (const f of ['client_id', 'email', 'password', 'connection'] as const) {
    if (typeof b[f] !== 'string' || (b[f] as string).length === 0) return { error: `Missing required parameter: ${f}` };
    if ((b[f] as string).length > (f === 'password' ? 1024 : FIELD_MAX)) return { error: `${f} is too long` };
  }
  for (const f of STRING_FIELDS) {
    if (b[f] !== undefined && (typeof b[f] !== 'string' || (b[f] as string).length > FIELD_MAX))
      return { error: `${f} must be a string of at most ${FIELD_MAX} characters` };
  }
  const meta = b.user_metadata;
  if (meta !== undefined && (!meta || typeof meta !== 'object' || Array.isArray(meta) || Buffer.byteLength(JSON.stringify(meta)) > METADATA_MAX_BYTES)) {
    return { error: `user_metadata must be an object of at most ${METADATA_MAX_BYTES} bytes` };
  }
  // CR, LF and other control characters would reach mail headers and pages: refused in any field.
  const { password: _p, ...rest } = b;
  if (!controlFree(rest)) return { error: 'Fields must not contain control characters (such as CR or LF)' };
  const input: SignupInput & { connection: string } = {
    email: b.email as string,
    password: b.password as string,
    clientId: b.client_id as string,
    connection: b.connection as string,
    ...(meta !== undefined ? { user_metadata: meta as Record<string, unknown> } : {}),
  };
  for (const f of STRING_FIELDS) if (typeof b[f] === 'string') input[f] = b[f] as string;
  return { input };
}

async function allowed(request: FastifyRequest, reply: FastifyReply, services: Services): Promise<boolean> {
  const allowance = await takeSignupAllowance(request.ctx, request.ip, services.config.rateLimits);
  if (allowance.allowed) return true;
  reply
    .code(429)
    .header('retry-after', String(allowance.retryAfterSeconds))
    .header('cache-control', 'no-store')
    .send({ name: 'TooManyRequestsError', code: 'too_many_attempts', description: 'Too many sign-ups from your network. Try again later.', statusCode: 429 });
  return false;
}

/**
 * Sign-up for an email that brute-force protection blocks for this client address is refused
 * too, in the Authentication API's words for it (too_many_attempts).
 */
async function refusedAsBlocked(request: FastifyRequest, reply: FastifyReply, email: string, connection: string): Promise<boolean> {
  const notice = await blockedNotice(request.ctx.stores, { identifier: email, ip: request.ip, connection });
  if (notice === undefined) return false;
  reply.code(429).header('cache-control', 'no-store').send({ name: 'TooManyRequestsError', code: 'too_many_attempts', description: notice, statusCode: 429 });
  return true;
}

export function registerDbConnections(app: FastifyInstance, services: Services): void {
  app.post('/dbconnections/signup', async (request, reply) => {
    if (!(await allowed(request, reply, services))) return reply;
    const parsed = parse(request.body);
    if ('error' in parsed) return badRequest(reply, 'invalid_request', parsed.error);
    const { input } = parsed;
    if (await refusedAsBlocked(request, reply, input.email.trim().toLowerCase(), input.connection)) return reply;
    const { stores } = request.ctx;
    const client = await stores.clients.findById(input.clientId ?? '');
    if (!client) return badRequest(reply, 'invalid_request', 'Unknown client');
    const connection = await databaseConnection(stores, input.connection);
    if (!connection) return badRequest(reply, 'invalid_connection', 'Connection does not exist');
    const who = { clientId: client.client_id, clientName: client.name, ...(input.email ? { userName: input.email } : {}) };
    const refusal = checkSignup(connection.options, input) ?? null;
    const result = refusal ? { refusal } : await signUp({ ...request.ctx, mail: services.mail }, input);
    if ('refusal' in result) {
      logEvent(request, 'fs', 'Failed signup', { ...who, details: { error: result.refusal.code, connection: connection.name } });
      return refuse(reply, result.refusal);
    }
    const u = result.user;
    logEvent(request, 'ss', 'Successful signup', { ...who, userId: u.user_id, details: { connection: connection.name } });
    return reply
      .code(200)
      .header('cache-control', 'no-store')
      .send({
        _id: u.user_id.replace(/^auth0\|/, ''),
        email_verified: false,
        email: u.email,
        ...(input.username !== undefined ? { username: input.username } : {}),
        ...(u.given_name !== undefined ? { given_name: u.given_name } : {}),
        ...(u.family_name !== undefined ? { family_name: u.family_name } : {}),
        ...(input.name !== undefined ? { name: u.name } : {}),
        ...(input.nickname !== undefined ? { nickname: u.nickname } : {}),
        ...(u.picture !== undefined ? { picture: u.picture } : {}),
        ...(input.user_metadata !== undefined ? { user_metadata: u.user_metadata } : {}),
      });
  });

  // Auth0: the same 200 and text whether or not the email belongs to a user, so the endpoint
  // cannot be used to learn who has an account.
  app.post('/dbconnections/change_password', async (request, reply) => {
    if (!(await allowed(request, reply, services))) return reply;
    const b = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    for (const f of ['client_id', 'email', 'connection'] as const) {
      if (typeof b[f] !== 'string' || (b[f] as string).length === 0 || (b[f] as string).length > FIELD_MAX)
        return badRequest(reply, 'invalid_request', `Missing required parameter: ${f}`);
    }
    if (!controlFree(b)) return badRequest(reply, 'invalid_request', 'Fields must not contain control characters (such as CR or LF)');
    // Not refused while brute-force protection blocks the email: a reset proves the mailbox, not
    // the password, lifts the block (as at Auth0) and answers the same for every email.
    const { stores } = request.ctx;
    if (!(await stores.clients.findById(b.client_id as string))) return badRequest(reply, 'invalid_request', 'Unknown client');
    if (b.connection !== defaultDatabaseConnection().name) return badRequest(reply, 'invalid_connection', 'Connection does not exist');
    await requestPasswordReset({ ...request.ctx, mail: services.mail }, b.email as string, { clientId: b.client_id as string });
    return reply.code(200).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send("We've just sent you an email to reset your password.");
  });
}
