// Role-based access control (Auth0 RBAC): roles hold permissions, users hold roles and
// permissions of their own. A permission is one scope of one API (resource server).

export interface Role {
  tenantId: string;
  /** rol_ + 16 chars, as Auth0 */
  id: string;
  name: string;
  description: string;
  createdAt: Date;
}

export type NewRole = Omit<Role, 'tenantId' | 'createdAt'>;

/** One scope of one API, named by the API's id (its identifier may change: the system API's does). */
export interface Permission {
  resourceServerId: string;
  name: string;
}

/** Where a user's permission comes from (Auth0's `sources`): given directly, or through a role. */
export type PermissionSource = { type: 'DIRECT' } | { type: 'ROLE'; roleId: string; roleName: string };

export interface UserPermission extends Permission {
  sources: PermissionSource[];
}

/**
 * Auth0's access-token dialects. `_authz` adds the `permissions` claim (and needs
 * enforce_policies); `rfc9068_profile` follows RFC 9068 (typ at+jwt, client_id, no azp/gty).
 */
export type TokenDialect = 'access_token' | 'access_token_authz' | 'rfc9068_profile' | 'rfc9068_profile_authz';

export const TOKEN_DIALECTS: readonly TokenDialect[] = ['access_token', 'access_token_authz', 'rfc9068_profile', 'rfc9068_profile_authz'];

export const isAuthzDialect = (d: TokenDialect): boolean => d.endsWith('_authz');
export const isRfc9068Dialect = (d: TokenDialect): boolean => d.startsWith('rfc9068_profile');
