// Table types for Kysely. Portable column types only: text, integer (0/1 booleans),
// bigint epoch milliseconds, JSON kept as text. One code path serves SQLite and PostgreSQL.
import type { ColumnType } from 'kysely';

export interface TenantsTable {
  id: string;
  name: string;
  domain: string;
  is_default: number;
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface SigningKeysTable {
  tenant_id: string;
  kid: string;
  alg: string;
  public_jwk: string;
  private_key_sealed: string;
  status: string;
  created_at: number;
  current_since: number | null;
  current_until: number | null;
  revoked_at: number | null;
}

export interface ClientsTable {
  tenant_id: string;
  client_id: string;
  name: string;
  app_type: string;
  is_first_party: number;
  secret_sealed: string | null;
  data: string;
  created_at: number;
  updated_at: number;
  /** epoch ms of the last authorization or token issued; null until the first (migration 0009) */
  last_used_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** when uses began to be recorded: created_at, or for older rows the 0009 migration's time */
  usage_tracked_from: ColumnType<number, number | undefined, never>;
}

export interface ResourceServersTable {
  tenant_id: string;
  id: string;
  identifier: string;
  name: string;
  is_system: number;
  data: string;
  created_at: number;
}

export interface ClientGrantsTable {
  tenant_id: string;
  id: string;
  client_id: string;
  audience: string;
  scope: string;
  /** 'client' | 'user' (Auth0 subject_type) */
  subject_type: string;
  created_at: number;
}

export interface TenantLogsTable {
  tenant_id: string;
  id: string;
  type: string;
  description: string;
  ip: string | null;
  user_agent: string | null;
  client_id: string | null;
  /** the user the entry is about (also in details), for filtering */
  user_id: string | null;
  details: string;
  created_at: number;
}

export interface RateLimitBucketsTable {
  tenant_id: string;
  key: string;
  /** tokens left at updated_at (fractional: refill is continuous) */
  tokens: number;
  updated_at: number;
}

export interface OperatorsTable {
  id: string;
  email: string;
  password_hash: string;
  created_at: number;
}

export interface OperatorTenantsTable {
  operator_id: string;
  tenant_id: string;
  role: string;
}

export interface OperatorSessionsTable {
  id_hash: string;
  operator_id: string;
  created_at: number;
  expires_at: number;
  idle_expires_at: number;
}

export interface UsersTable {
  tenant_id: string;
  user_id: string;
  email: string;
  password_hash: string;
  blocked: number;
  data: string;
  logins_count: number;
  last_login: number | null;
  /** Auth0's last_ip: the address of the last successful sign-in */
  last_ip: string | null;
  /** lower-cased copies of profile fields, for case-insensitive search on an index */
  name_lower: string | null;
  nickname_lower: string | null;
  given_name_lower: string | null;
  family_name_lower: string | null;
  created_at: number;
  updated_at: number;
}

export interface LoginSessionsTable {
  tenant_id: string;
  id_hash: string;
  sid: string;
  user_id: string;
  auth_time: number;
  created_at: number;
  expires_at: number;
  idle_expires_at: number;
}

export interface AuthorizationCodesTable {
  tenant_id: string;
  code_hash: string;
  client_id: string;
  user_id: string;
  data: string;
  expires_at: number;
  consumed_at: number | null;
  created_at: number;
}

export interface RefreshTokensTable {
  tenant_id: string;
  token_hash: string;
  family_id: string;
  client_id: string;
  user_id: string;
  audience: string | null;
  data: string;
  created_at: number;
  expires_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
}

export interface ConsentGrantsTable {
  tenant_id: string;
  /** since 0018 */
  id: string;
  user_id: string;
  client_id: string;
  audience: string;
  scope: string;
  created_at: number;
  updated_at: number;
  /** since 0018 */
  last_used_at: number | null;
}

export interface LoginFailuresTable {
  tenant_id: string;
  key_hash: string;
  failures: number;
  blocked_until: number | null;
  updated_at: number;
  /** whom the count is about (null for counts that are not listed as user blocks) */
  identifier: string | null;
  ip: string | null;
  connection: string | null;
}

export interface AttackProtectionTable {
  tenant_id: string;
  /** JSON: domain/brute-force.ts BruteForceProtection */
  brute_force_protection: string;
  updated_at: number;
}

export interface ConnectionsTable {
  tenant_id: string;
  id: string;
  name: string;
  strategy: string;
  data: string;
  created_at: number;
}

export interface InitialAccessTokensTable {
  tenant_id: string;
  id: string;
  token_hash: string;
  note: string;
  max_uses: number;
  uses: number;
  expires_at: number;
  created_at: number;
}

export interface ClientAssertionJtisTable {
  tenant_id: string;
  client_id: string;
  jti: string;
  expires_at: number;
}

export interface EmailProvidersTable {
  tenant_id: string;
  name: string;
  smtp_host: string;
  smtp_port: number;
  smtp_user: string | null;
  smtp_pass_sealed: string | null;
  default_from_address: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface UserTicketsTable {
  tenant_id: string;
  ticket_hash: string;
  kind: string;
  user_id: string;
  client_id: string | null;
  result_url: string | null;
  mark_email_verified: number;
  expires_at: number;
  created_at: number;
}

export interface RolesTable {
  tenant_id: string;
  id: string;
  name: string;
  description: string;
  created_at: number;
}

export interface RolePermissionsTable {
  tenant_id: string;
  role_id: string;
  resource_server_id: string;
  permission_name: string;
}

export interface UserRolesTable {
  tenant_id: string;
  user_id: string;
  role_id: string;
}

export interface UserPermissionsTable {
  tenant_id: string;
  user_id: string;
  resource_server_id: string;
  permission_name: string;
}

export interface Database {
  users: UsersTable;
  login_sessions: LoginSessionsTable;
  authorization_codes: AuthorizationCodesTable;
  refresh_tokens: RefreshTokensTable;
  consent_grants: ConsentGrantsTable;
  login_failures: LoginFailuresTable;
  attack_protection: AttackProtectionTable;
  connections: ConnectionsTable;
  initial_access_tokens: InitialAccessTokensTable;
  client_assertion_jtis: ClientAssertionJtisTable;
  email_providers: EmailProvidersTable;
  user_tickets: UserTicketsTable;
  tenants: TenantsTable;
  signing_keys: SigningKeysTable;
  clients: ClientsTable;
  resource_servers: ResourceServersTable;
  client_grants: ClientGrantsTable;
  tenant_logs: TenantLogsTable;
  rate_limit_buckets: RateLimitBucketsTable;
  operators: OperatorsTable;
  operator_tenants: OperatorTenantsTable;
  operator_sessions: OperatorSessionsTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  user_roles: UserRolesTable;
  user_permissions: UserPermissionsTable;
}

/** Tables whose every row belongs to one tenant: they are reached only through TenantScope. */
export type TenantTable = {
  [K in keyof Database]: Database[K] extends { tenant_id: string } ? K : never;
}[keyof Database];
