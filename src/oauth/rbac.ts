// Auth0 RBAC at token issuance: on an API that enforces policies, a user token carries only the
// requested scopes the user holds as permissions (directly or through roles); a user holding
// none gets a token without the API's scopes, not an error (RFC 6749 §3.3: the granted scope may
// be narrower than the requested one). Scopes the API does not define (OIDC's) are not its to
// bound. An _authz dialect also lists every permission the user holds on the API.
import { tokenDialectOf, type ResourceServer } from '../domain/resource-server.ts';
import { isAuthzDialect } from '../domain/role.ts';
import type { TenantStores } from '../storage/ports.ts';

export interface AuthorizedScopes {
  scopes: string[];
  /** set for an _authz dialect */
  permissions?: string[];
}

export async function authorizeUserScopes(
  stores: Pick<TenantStores, 'userAuthorization'>,
  api: ResourceServer | undefined,
  userId: string,
  scopes: readonly string[],
): Promise<AuthorizedScopes> {
  if (!api?.enforce_policies) return { scopes: [...scopes] };
  const defined = new Set(api.scopes.map((s) => s.value));
  const held = (await stores.userAuthorization.permissionNames(userId, api.id)).filter((p) => defined.has(p));
  const holds = new Set(held);
  return {
    scopes: scopes.filter((s) => !defined.has(s) || holds.has(s)),
    ...(isAuthzDialect(tokenDialectOf(api)) ? { permissions: held } : {}),
  };
}
