// OpenID Connect ID tokens (OIDC Core §2, §3.1.3.6, §3.3.2.11) in the shape Auth0 issues
// (auth0-behaviour §4.5): profile and email claims by scope, `updated_at` as an ISO string.
import { createHash } from 'node:crypto';
import type { User } from '../../domain/user.ts';
import type { KeyService } from './keys.ts';
import { nowSeconds, signJwt } from './jwt.ts';

/** OIDC Core §3.1.3.6 / §3.3.2.11: left half of SHA-256 of the ASCII value, base64url. */
export function halfHash(value: string): string {
  const digest = createHash('sha256').update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** The user's claims a scope set releases (OIDC Core §5.4). */
export function profileClaims(user: User, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  if (scopes.includes('profile')) {
    if (user.given_name !== undefined) claims.given_name = user.given_name;
    if (user.family_name !== undefined) claims.family_name = user.family_name;
    claims.nickname = user.nickname;
    claims.name = user.name;
    if (user.picture !== undefined) claims.picture = user.picture;
    claims.updated_at = user.updatedAt.toISOString();
  }
  if (scopes.includes('email')) {
    claims.email = user.email;
    claims.email_verified = user.email_verified;
  }
  return claims;
}

export interface IdTokenInput {
  tenantId: string;
  issuer: string;
  user: User;
  clientId: string;
  scopes: readonly string[];
  lifetimeSeconds: number;
  /** seconds since the epoch */
  authTime: number;
  sid?: string;
  nonce?: string;
  /** set when the token travels with an access token from /authorize (at_hash) */
  accessToken?: string;
  /** set when the token travels with a code from /authorize (c_hash) */
  code?: string;
}

export async function issueIdToken(keys: KeyService, input: IdTokenInput): Promise<string> {
  const iat = nowSeconds();
  const claims: Record<string, unknown> = {
    ...profileClaims(input.user, input.scopes),
    iss: input.issuer,
    aud: input.clientId,
    iat,
    exp: iat + input.lifetimeSeconds,
    sub: input.user.user_id,
    auth_time: input.authTime,
    ...(input.sid ? { sid: input.sid } : {}),
    ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
    ...(input.accessToken ? { at_hash: halfHash(input.accessToken) } : {}),
    ...(input.code ? { c_hash: halfHash(input.code) } : {}),
  };
  return signJwt(keys, input.tenantId, claims);
}
