// GET/POST /userinfo (OIDC Core §5.3) as an ordered list of steps: a bearer access token
// (RFC 6750 §2.1, §2.2) of ours, whose audience includes `<issuer>userinfo` and whose scope
// includes openid, answered with the claims of its user that the scopes grant.
import type { JWTPayload } from 'jose';
import type { Client } from '../../../domain/client.ts';
import type { User } from '../../../domain/user.ts';
import { isStoreUnavailable } from '../../../storage/sql/errors.ts';
import type { RequestContext } from '../../../tenancy/context.ts';
import { OAuthError } from '../../errors.ts';
import { pipeline } from '../../pipeline.ts';
import { profileClaims } from '../../tokens/id-token.ts';
import type { KeyService } from '../../tokens/keys.ts';
import { userinfoAudience } from '../../tokens/user-tokens.ts';
import { verifyOwnJwt } from '../../tokens/verify.ts';

/** What /userinfo is given about the request. */
export interface UserinfoRequest {
  /** the tenant, its issuer and its (tenant-scoped) stores */
  ctx: RequestContext;
  keys: KeyService;
  /** the Authorization header */
  authorization: string | undefined;
  /** the form body of a POST (RFC 6750 §2.2); undefined for GET */
  body: unknown;
  /** lets the calling page read the answer when its origin belongs to the client (CORS) */
  allowCors(client: Client): void;
}

/** After readBearerToken. */
export interface WithToken {
  token: string;
}

/** After verifyAccessToken: the claims of a valid, unexpired token of ours. */
export interface WithClaims {
  claims: JWTPayload;
}

/** After checkAudience: the user the token is about. */
export interface WithSubject {
  sub: string;
}

/** After requireOpenidScope. */
export interface WithScopes {
  scopes: string[];
}

/** After loadUser. */
export interface WithUser {
  user: User;
}

/** RFC 6750 §3: the challenge; no error code when no token was sent at all. */
export function bearerError(error: string | undefined, description: string, status = 401): OAuthError {
  const challenge = error ? `Bearer realm="latchkey", error="${error}", error_description="${description}"` : 'Bearer realm="latchkey"';
  return new OAuthError(error ?? 'invalid_request', description, status, { 'WWW-Authenticate': challenge });
}

const invalidToken = () => bearerError('invalid_token', 'The access token is invalid or expired.');

/** RFC 6750 §2: from the Authorization header or the form body, never both (§2 last paragraph). */
export function readBearerToken({ authorization, body }: Pick<UserinfoRequest, 'authorization' | 'body'>): WithToken {
  const fromHeader = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const fromBody = body && typeof body === 'object' ? (body as Record<string, unknown>).access_token : undefined;
  if (fromHeader && fromBody !== undefined) throw bearerError('invalid_request', 'Use only one way of presenting the access token.', 400);
  const token = fromHeader || (typeof fromBody === 'string' ? fromBody : undefined);
  if (!token) throw bearerError(undefined, 'Missing access token.');
  return { token };
}

export async function verifyAccessToken({ ctx, keys, token }: Pick<UserinfoRequest, 'ctx' | 'keys'> & WithToken): Promise<WithClaims> {
  try {
    return { claims: await verifyOwnJwt(keys, ctx.tenant.id, ctx.issuer, token) };
  } catch (err) {
    // An outage is a 500, not the client's fault.
    if (isStoreUnavailable(err)) throw err;
    throw invalidToken();
  }
}

/**
 * The client the token was issued to (azp; client_id in the RFC 9068 dialects, RFC 9068 §2.2)
 * may read the answer, refusals included, from its origins.
 */
export async function allowTokenClientOrigins({ ctx, allowCors, claims }: Pick<UserinfoRequest, 'ctx' | 'allowCors'> & WithClaims): Promise<void> {
  const clientId = typeof claims.azp === 'string' ? claims.azp : claims.client_id;
  const client = typeof clientId === 'string' ? await ctx.stores.clients.findById(clientId) : undefined;
  if (client) allowCors(client);
}

export function checkAudience({ ctx, claims }: { ctx: Pick<RequestContext, 'issuer'> } & WithClaims): WithSubject {
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(userinfoAudience(ctx.issuer)) || typeof claims.sub !== 'string')
    throw bearerError('invalid_token', 'The access token is not valid for /userinfo.');
  return { sub: claims.sub };
}

/** OIDC Core §5.3: /userinfo is an OpenID Connect resource; RFC 6750 §3.1 insufficient_scope. */
export function requireOpenidScope({ claims }: WithClaims): WithScopes {
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes('openid')) throw bearerError('insufficient_scope', 'The access token lacks the openid scope.', 403);
  return { scopes };
}

/** A deleted or blocked user's tokens are worthless. */
export async function loadUser({ ctx, sub }: Pick<UserinfoRequest, 'ctx'> & WithSubject): Promise<WithUser> {
  const user = await ctx.stores.users.findById(sub);
  if (!user || user.blocked) throw invalidToken();
  return { user };
}

/** OIDC Core §5.3.2: sub always, the rest as the scopes grant (§5.4). */
export function answerClaims({ user, scopes }: WithUser & WithScopes): { response: Record<string, unknown> } {
  return { response: { sub: user.user_id, ...profileClaims(user, scopes) } };
}

export const USERINFO_ENDPOINT = pipeline<UserinfoRequest>()
  .step(readBearerToken)
  .step(verifyAccessToken)
  .step(allowTokenClientOrigins)
  .step(checkAudience)
  .step(requireOpenidScope)
  .step(loadUser)
  .step(answerClaims);
