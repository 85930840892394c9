// Resource server (Auth0 "API"): an `audience` that access tokens are issued for.
import type { TokenDialect } from './role.ts';

export interface ResourceServerScope {
  value: string;
  description: string;
}

/**
 * Auth0's API access policy (`subject_type_authorization`): who may get tokens for an API.
 * `user`: tokens an app gets for a signed-in user (applies to third-party apps);
 * `client`: tokens an app gets for itself (client_credentials).
 */
export type UserAccessPolicy = 'allow_all' | 'deny_all' | 'require_client_grant';
export type ClientAccessPolicy = 'deny_all' | 'require_client_grant';

export const USER_ACCESS_POLICIES: readonly UserAccessPolicy[] = ['allow_all', 'deny_all', 'require_client_grant'];
export const CLIENT_ACCESS_POLICIES: readonly ClientAccessPolicy[] = ['deny_all', 'require_client_grant'];

export interface SubjectTypeAuthorization {
  user: { policy: UserAccessPolicy };
  client: { policy: ClientAccessPolicy };
}

/**
 * The policy in force. Unset parts take Auth0's defaults, which are what Latchkey did before the
 * policy existed: users allow_all, clients require_client_grant. A system API (the Management
 * API) never issues user tokens: its user policy is deny_all whatever is stored.
 */
export function subjectTypeAuthorizationOf(rs: Pick<ResourceServer, 'is_system' | 'subject_type_authorization'>): SubjectTypeAuthorization {
  const set = rs.subject_type_authorization;
  return {
    user: { policy: rs.is_system ? 'deny_all' : (set?.user?.policy ?? 'allow_all') },
    client: { policy: set?.client?.policy ?? 'require_client_grant' },
  };
}

export interface ResourceServer {
  tenantId: string;
  /** 24 hex chars, as Auth0 */
  id: string;
  name: string;
  identifier: string;
  is_system: boolean;
  scopes: ResourceServerScope[];
  signing_alg: 'RS256';
  token_lifetime: number;
  token_lifetime_for_web: number;
  allow_offline_access: boolean;
  skip_consent_for_verifiable_first_party_clients: boolean;
  /** unset on APIs stored before it existed, or never set: see subjectTypeAuthorizationOf */
  subject_type_authorization?: { user?: { policy: UserAccessPolicy }; client?: { policy: ClientAccessPolicy } };
  /** RBAC on: user tokens carry only the requested scopes the user holds as permissions (unset: off) */
  enforce_policies?: boolean;
  /** unset: access_token */
  token_dialect?: TokenDialect;
  createdAt: Date;
}

export const tokenDialectOf = (rs: Pick<ResourceServer, 'token_dialect'>): TokenDialect => rs.token_dialect ?? 'access_token';

export type NewResourceServer = Omit<ResourceServer, 'tenantId' | 'createdAt'>;

/**
 * Auth0's client grant `subject_type`: `client` grants let the app get tokens for itself
 * (client_credentials); `user` grants let a third-party app get tokens for its users under an
 * API's require_client_grant user policy, with at most the grant's scopes.
 */
export type GrantSubjectType = 'client' | 'user';

export const GRANT_SUBJECT_TYPES: readonly GrantSubjectType[] = ['client', 'user'];

export interface ClientGrant {
  tenantId: string;
  /** cgr_ + 16 chars */
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
  subject_type: GrantSubjectType;
  createdAt: Date;
}

/** `subject_type` defaults to 'client', as at Auth0. */
export type NewClientGrant = Omit<ClientGrant, 'tenantId' | 'createdAt' | 'subject_type'> & { subject_type?: GrantSubjectType };
