import { parseScope } from '../../../scope.ts';
import { userAccessTo, withinAccess } from '../../../api-access.ts';
import type { AuthorizeRequest, WithAudience, WithClient, WithResponseType, WithScopes } from '../context.ts';

/** OIDC scopes this provider understands (OIDC Core §5.4, §11). */
export const OIDC_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'offline_access'];

/**
 * RFC 7591 §2: the `scope` a client registered is what it "can use when requesting access
 * tokens": nothing outside it is granted (openid, which asks for an ID token rather than access,
 * stays available). Undefined when the client registered none.
 */
function registeredScope(client: WithClient['client']): ReadonlySet<string> | undefined {
  const scope = client.registration_metadata?.scope;
  return typeof scope === 'string' ? new Set(parseScope(scope)) : undefined;
}

/**
 * RFC 6749 §3.3: the granted scope may be narrower than the request. Kept: OIDC scopes and
 * the API's own scopes (for a third-party app under the API's require_client_grant policy, or a
 * strict one: only those of its user-type client grant, so consent never offers more). Scopes nobody
 * defines are dropped, as Auth0 does. offline_access only where a refresh token can be
 * issued: the client may use refresh_token, the API allows offline access, and a code is
 * returned (refresh tokens come from the token endpoint only).
 */
export async function checkScopes(a: Pick<AuthorizeRequest, 'params' | 'ctx'> & WithClient & WithResponseType & WithAudience): Promise<WithScopes> {
  const { client } = a;
  const defined = a.api?.scopes.map((s) => s.value) ?? [];
  const apiScopes = a.api ? withinAccess(defined, a.api, await userAccessTo(a.ctx.stores, client, a.api)) : [];
  const offline = client.grant_types.includes('refresh_token') && (!a.api || a.api.allow_offline_access) && a.responseType.has('code');
  const registered = registeredScope(client);
  return {
    scopes: parseScope(a.params.scope)
      .filter((s) => !registered || s === 'openid' || registered.has(s))
      .filter((s) => (s === 'offline_access' ? offline : OIDC_SCOPES.includes(s) || apiScopes.includes(s))),
  };
}
