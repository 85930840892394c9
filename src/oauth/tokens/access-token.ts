// JWT access tokens in the API's dialect (auth0-behaviour §3.2, §4.5): Auth0's "access_token"
// (typ JWT, azp, gty) or RFC 9068's profile (typ at+jwt, client_id, no azp/gty); an `_authz`
// dialect adds the `permissions` claim.
import { secureRandomBytes } from '../../domain/ids.ts';
import { isAuthzDialect, isRfc9068Dialect, type TokenDialect } from '../../domain/role.ts';
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
  /** unset: access_token */
  dialect?: TokenDialect;
  /** the `permissions` claim of an _authz dialect */
  permissions?: readonly string[];
  /** when the user authenticated (RFC 9068 §2.2.1), for user tokens */
  authTime?: number;
  extra?: Record<string, unknown>;
}

/** RFC 9068 §2.1: the media type of JWT access tokens, in the header's typ. */
const AT_JWT = 'at+jwt';

export async function issueAccessToken(keys: KeyService, input: AccessTokenInput): Promise<{ token: string; expiresIn: number }> {
  const dialect = input.dialect ?? 'access_token';
  const iat = nowSeconds();
  const common = {
    iss: input.issuer,
    sub: input.subject,
    aud: input.audience,
    iat,
    exp: iat + input.lifetimeSeconds,
    jti: secureRandomBytes(16).toString('base64url'),
  };
  const scope = input.scopes.length ? { scope: input.scopes.join(' ') } : {};
  const permissions = isAuthzDialect(dialect) ? { permissions: [...(input.permissions ?? [])] } : {};
  if (isRfc9068Dialect(dialect)) {
    // RFC 9068 §2.2: client_id, and auth_time where the user authenticated; scope per §2.2.3.
    const claims = {
      ...common,
      client_id: input.clientId,
      ...scope,
      ...(input.authTime !== undefined ? { auth_time: input.authTime } : {}),
      ...permissions,
      ...input.extra,
    };
    return { token: await signJwt(keys, input.tenantId, claims, AT_JWT), expiresIn: input.lifetimeSeconds };
  }
  const claims: Record<string, unknown> = {
    ...common,
    ...scope,
    ...(input.gty ? { gty: input.gty } : {}),
    azp: input.clientId,
    ...permissions,
    ...input.extra,
  };
  return { token: await signJwt(keys, input.tenantId, claims), expiresIn: input.lifetimeSeconds };
}
