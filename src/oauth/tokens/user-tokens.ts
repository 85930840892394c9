// Access tokens issued for a user (auth0-behaviour §4.5): the API as `aud` (plus
// `<issuer>userinfo` when openid was granted), or /userinfo alone without an API.
import type { Client } from '../../domain/client.ts';
import { tokenDialectOf, type ResourceServer } from '../../domain/resource-server.ts';
import type { KeyService } from './keys.ts';
import { issueAccessToken } from './access-token.ts';

/** Auth0 lifetimes: /userinfo-only 7200 s from /authorize, 86400 s from the token endpoint. */
const USERINFO_ONLY_WEB_LIFETIME = 7200;
const USERINFO_ONLY_LIFETIME = 86400;
/** Auth0's default ID token lifetime (client jwt_configuration.lifetime_in_seconds). */
export const DEFAULT_ID_TOKEN_LIFETIME = 36000;

export const userinfoAudience = (issuer: string): string => `${issuer}userinfo`;

export interface UserAccessTokenInput {
  tenantId: string;
  issuer: string;
  client: Client;
  userId: string;
  api: ResourceServer | undefined;
  scopes: string[];
  /** true when issued from /authorize (implicit/hybrid): the API's token_lifetime_for_web */
  web: boolean;
  /** when the user authenticated (seconds) */
  authTime: number;
  /** the `permissions` claim, for an API with an _authz dialect */
  permissions?: readonly string[];
}

export function idTokenLifetime(client: Client): number {
  return client.jwt_configuration?.lifetime_in_seconds ?? DEFAULT_ID_TOKEN_LIFETIME;
}

export function issueUserAccessToken(keys: KeyService, i: UserAccessTokenInput): Promise<{ token: string; expiresIn: number }> {
  const userinfo = userinfoAudience(i.issuer);
  const audience = i.api ? (i.scopes.includes('openid') ? [i.api.identifier, userinfo] : i.api.identifier) : userinfo;
  const lifetime = i.api
    ? i.web
      ? Math.min(i.api.token_lifetime_for_web, i.api.token_lifetime)
      : i.api.token_lifetime
    : i.web
      ? USERINFO_ONLY_WEB_LIFETIME
      : USERINFO_ONLY_LIFETIME;
  return issueAccessToken(keys, {
    tenantId: i.tenantId,
    issuer: i.issuer,
    subject: i.userId,
    audience,
    clientId: i.client.client_id,
    scopes: i.scopes,
    lifetimeSeconds: lifetime,
    authTime: i.authTime,
    ...(i.api ? { dialect: tokenDialectOf(i.api) } : {}),
    ...(i.permissions ? { permissions: i.permissions } : {}),
  });
}
