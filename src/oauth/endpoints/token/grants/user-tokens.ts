// The token response for a user's grant (authorization_code, refresh_token): an access
// token, an ID token when openid was granted (spa-js needs one on every response,
// auth0-behaviour checklist 25), and the refresh token the grant created, if any.
import type { Client } from '../../../../domain/client.ts';
import type { ResourceServer } from '../../../../domain/resource-server.ts';
import type { User } from '../../../../domain/user.ts';
import type { TenantStores } from '../../../../storage/ports.ts';
import { InvalidGrant } from '../../../errors.ts';
import { issueIdToken } from '../../../tokens/id-token.ts';
import { idTokenLifetime, issueUserAccessToken } from '../../../tokens/user-tokens.ts';
import type { TokenRequest, TokenResponse } from '../grant.ts';
import { authorizeUserScopes } from '../../../rbac.ts';

/** Auth0's refresh token defaults: 30 days absolute (rotation keeps the family's end). */
export const REFRESH_TOKEN_LIFETIME_MS = 2_592_000_000;

export interface UserTokenInput extends Pick<TokenRequest, 'tenant' | 'issuer' | 'keys' | 'stores'> {
  client: Client;
  user: User;
  api: ResourceServer | undefined;
  scopes: string[];
  authTime: number;
  sid?: string;
  nonce?: string;
  refreshToken?: string;
}

/** The user behind a grant, refused when gone or blocked (spa-js keys off "user is blocked"). */
export async function loadGrantUser(stores: Pick<TenantStores, 'users'>, userId: string, invalid: () => Error): Promise<User> {
  const user = await stores.users.findById(userId);
  if (!user) throw invalid();
  if (user.blocked) throw new InvalidGrant('user is blocked', 403);
  return user;
}

/** The API a grant was for; a grant for a deleted API is no longer valid. */
export async function loadGrantApi(
  stores: Pick<TenantStores, 'resourceServers'>,
  audience: string | null,
  invalid: () => Error,
): Promise<ResourceServer | undefined> {
  if (audience === null) return undefined;
  const api = await stores.resourceServers.findByIdentifier(audience);
  if (!api) throw invalid();
  return api;
}

export async function userTokenResponse(i: UserTokenInput): Promise<TokenResponse> {
  const { tenant, issuer, keys, client, user } = i;
  // The grant keeps what was requested; each access token gets what the user holds now.
  const { scopes, permissions } = await authorizeUserScopes(i.stores, i.api, user.user_id, i.scopes);
  const { token, expiresIn } = await issueUserAccessToken(keys, {
    tenantId: tenant.id,
    issuer,
    client,
    userId: user.user_id,
    api: i.api,
    scopes,
    web: false,
    authTime: i.authTime,
    ...(permissions ? { permissions } : {}),
  });
  const response: TokenResponse = { access_token: token, token_type: 'Bearer', expires_in: expiresIn };
  if (scopes.length) response.scope = scopes.join(' ');
  if (i.scopes.includes('openid')) {
    response.id_token = await issueIdToken(keys, {
      tenantId: tenant.id,
      issuer,
      user,
      clientId: client.client_id,
      scopes: i.scopes,
      lifetimeSeconds: idTokenLifetime(client),
      authTime: i.authTime,
      ...(i.sid ? { sid: i.sid } : {}),
      ...(i.nonce !== undefined ? { nonce: i.nonce } : {}),
    });
  }
  if (i.refreshToken) response.refresh_token = i.refreshToken;
  return response;
}
