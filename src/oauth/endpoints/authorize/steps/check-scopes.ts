import { parseScope } from '../../../scope.ts';
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
 * the API's own scopes (strict clients: only those of their client grant). Scopes nobody
 * defines are dropped, as Auth0 does. offline_access only where a refresh token can be
 * issued: the client may use refresh_token, the API allows offline access, and a code is
 * returned (refresh tokens come from the token endpoint only).
 */
export async function checkScopes(a: Pick<AuthorizeRequest, 'params' | 'ctx'> & WithClient & WithResponseType & WithAudience): Promise<WithScopes> {
  const { client } = a;
  let apiScopes = a.api?.scopes.map((s) => s.value) ?? [];
  if (a.api && client.third_party_security_mode === 'strict') {
    const grant = await a.ctx.stores.clientGrants.findFor(client.client_id, a.api.identifier);
    apiScopes = apiScopes.filter((s) => grant?.scope.includes(s));
  }
  const offline = client.grant_types.includes('refresh_token') && (!a.api || a.api.allow_offline_access) && a.responseType.has('code');
  const registered = registeredScope(client);
  return {
    scopes: parseScope(a.params.scope)
      .filter((s) => !registered || s === 'openid' || registered.has(s))
      .filter((s) => (s === 'offline_access' ? offline : OIDC_SCOPES.includes(s) || apiScopes.includes(s))),
  };
}
