// GET/POST /userinfo (OIDC Core §5.3) with a bearer access token (RFC 6750 §2.1, §2.2)
// whose audience includes `<issuer>userinfo` and whose scope includes openid.
import { isStoreUnavailable } from '../../../storage/sql/errors.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/container.ts';
import { allowCorsFor, registerCorsPreflight } from '../../../web/cors.ts';
import { OAuthError } from '../../errors.ts';
import { profileClaims } from '../../tokens/id-token.ts';
import { userinfoAudience } from '../../tokens/user-tokens.ts';
import { verifyOwnJwt } from '../../tokens/verify.ts';

/** RFC 6750 §3: the challenge; no error code when no token was sent at all. */
function bearerError(error: string | undefined, description: string, status = 401): OAuthError {
  const challenge = error ? `Bearer realm="latchkey", error="${error}", error_description="${description}"` : 'Bearer realm="latchkey"';
  return new OAuthError(error ?? 'invalid_request', description, status, { 'WWW-Authenticate': challenge });
}

function presentedToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const fromHeader = header && /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const body =
    request.method === 'POST' && request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>).access_token : undefined;
  if (fromHeader && body !== undefined) throw bearerError('invalid_request', 'Use only one way of presenting the access token.', 400);
  const token = fromHeader || (typeof body === 'string' ? body : undefined);
  if (!token) throw bearerError(undefined, 'Missing access token.');
  return token;
}

export function registerUserinfo(app: FastifyInstance, services: Services): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { ctx } = request;
    const token = presentedToken(request);
    let claims;
    try {
      claims = await verifyOwnJwt(services.keys, ctx.tenant.id, ctx.issuer, token);
    } catch (err) {
      if (isStoreUnavailable(err)) throw err;
      throw bearerError('invalid_token', 'The access token is invalid or expired.');
    }
    // The client the token was issued to (azp) may read the answer from its origins.
    const client = typeof claims.azp === 'string' ? await ctx.stores.clients.findById(claims.azp) : undefined;
    if (client) allowCorsFor(request, reply, client);
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(userinfoAudience(ctx.issuer)) || typeof claims.sub !== 'string')
      throw bearerError('invalid_token', 'The access token is not valid for /userinfo.');
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (!scopes.includes('openid')) throw bearerError('insufficient_scope', 'The access token lacks the openid scope.', 403);
    const user = await ctx.stores.users.findById(claims.sub);
    if (!user || user.blocked) throw bearerError('invalid_token', 'The access token is invalid or expired.');
    return reply.header('cache-control', 'no-store').send({ sub: user.user_id, ...profileClaims(user, scopes) });
  };
  app.get('/userinfo', handler);
  app.post('/userinfo', handler);
  registerCorsPreflight(app, '/userinfo', 'GET, POST');
}
