// Auth0's API access policy (`subject_type_authorization` on the API, `subject_type` on client
// grants): which apps may get tokens for an API, for their users or for themselves, and with
// which of its scopes. /authorize and every grant that issues tokens ask here.
import type { Client } from '../domain/client.ts';
import { subjectTypeAuthorizationOf, type ResourceServer } from '../domain/resource-server.ts';
import type { TenantStores } from '../storage/ports.ts';
import { AccessDenied } from './errors.ts';

/** Auth0's wording (auth0-behaviour §1.6), at /authorize and the token endpoint alike. */
export const notAuthorized = (client: Pick<Client, 'client_id'>, api: Pick<ResourceServer, 'identifier'>, hint = '') =>
  new AccessDenied(`Client "${client.client_id}" is not authorized to access resource server "${api.identifier}".${hint}`);

/** What an app may get for its users from an API: every scope it defines, or only these. */
export interface UserAccess {
  /** undefined: no bound beyond the API's own scopes */
  scopes: ReadonlySet<string> | undefined;
}

/**
 * Whether `client` may get tokens for a signed-in user for `api`, and with which scopes;
 * throws access_denied when not. The user policy applies to third-party apps (Auth0); a strict
 * third-party app always needs a user grant (Auth0's strict profile: no API access without a
 * client grant), so for it allow_all reads as require_client_grant. deny_all refuses both.
 */
export async function userAccessTo(stores: Pick<TenantStores, 'clientGrants'>, client: Client, api: ResourceServer): Promise<UserAccess> {
  const strict = client.third_party_security_mode === 'strict';
  if (client.is_first_party && !strict) return { scopes: undefined };
  const policy = subjectTypeAuthorizationOf(api).user.policy;
  if (policy === 'deny_all') throw notAuthorized(client, api);
  if (policy === 'allow_all' && !strict) return { scopes: undefined };
  const grant = await stores.clientGrants.findFor(client.client_id, api.identifier, 'user');
  if (!grant) throw notAuthorized(client, api);
  return { scopes: new Set(grant.scope) };
}

/**
 * RFC 6749 §3.3: the granted scope may be narrower than the requested one. Drops the API's
 * scopes outside the app's access (Auth0 drops them rather than refusing); other scopes (OIDC's)
 * are not the API's to bound.
 */
export function withinAccess(scopes: readonly string[], api: ResourceServer, access: UserAccess): string[] {
  const bound = access.scopes;
  if (!bound) return [...scopes];
  const defined = new Set(api.scopes.map((s) => s.value));
  return scopes.filter((s) => !defined.has(s) || bound.has(s));
}

/**
 * The scopes a user token may carry now, for grants that issue one later than /authorize
 * (authorization_code, refresh_token): the policy or the grant may have changed since, and a
 * refresh token outlives both. Refuses when the app lost access.
 */
export async function boundUserScopes(
  stores: Pick<TenantStores, 'clientGrants'>,
  client: Client,
  api: ResourceServer | undefined,
  scopes: readonly string[],
): Promise<string[]> {
  if (!api) return [...scopes];
  return withinAccess(scopes, api, await userAccessTo(stores, client, api));
}

/**
 * The client grant that lets `client` get tokens for itself (client_credentials) for `api`.
 * deny_all refuses even with a grant; otherwise a client-type grant is needed (a user-type
 * grant never authorizes machine tokens).
 */
export async function clientGrantFor(stores: Pick<TenantStores, 'clientGrants'>, client: Client, api: ResourceServer) {
  if (subjectTypeAuthorizationOf(api).client.policy === 'deny_all') throw notAuthorized(client, api);
  const grant = await stores.clientGrants.findFor(client.client_id, api.identifier, 'client');
  if (!grant) throw notAuthorized(client, api, ' You need to create a "client-grant" associated to this API.');
  return grant;
}
