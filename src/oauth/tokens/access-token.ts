// JWT access tokens in Auth0's "access_token" dialect (auth0-behaviour §3.2, §4.5).
import { secureRandomBytes } from '../../domain/ids.ts';
import type { KeyService } from './keys.ts';
import { nowSeconds, signJwt } from './jwt.ts';

export interface AccessTokenInput {
  tenantId: string;
  issuer: string;
  /** user id, or `<client_id>@clients` */
  subject: string;
  /** a string for one audience; an array when /userinfo is included */
  audience: string | string[];
  clientId: string;
  scopes: string[];
  lifetimeSeconds: number;
  /** grant type marker, e.g. "client-credentials" (Auth0 `gty`) */
  gty?: string;
  extra?: Record<string, unknown>;
}

export async function issueAccessToken(keys: KeyService, input: AccessTokenInput): Promise<{ token: string; expiresIn: number }> {
  const iat = nowSeconds();
  const claims: Record<string, unknown> = {
    iss: input.issuer,
    sub: input.subject,
    aud: input.audience,
    iat,
    exp: iat + input.lifetimeSeconds,
    jti: secureRandomBytes(16).toString('base64url'),
    ...(input.scopes.length ? { scope: input.scopes.join(' ') } : {}),
    ...(input.gty ? { gty: input.gty } : {}),
    azp: input.clientId,
    ...input.extra,
  };
  return { token: await signJwt(keys, input.tenantId, claims), expiresIn: input.lifetimeSeconds };
}
