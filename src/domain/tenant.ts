// Tenant: an isolated issuer with its own domain, settings, keys, clients and users.

/** Tenant flags we know; every flag defaults to false (Auth0 /api/v2/tenants/settings `flags`). */
export const TENANT_FLAGS = [
  'enable_dynamic_client_registration',
  'enable_client_connections',
  'enable_apis_section',
  'enable_pipeline2',
  'enable_public_signup_user_exists_error',
  'enable_sso',
  'allow_changing_enable_sso',
  'disable_clickjack_protection_headers',
  'revoke_refresh_token_grant',
  'remove_alg_from_jwks',
  'use_scope_descriptions_for_consent',
] as const;
export type TenantFlag = (typeof TENANT_FLAGS)[number];

export type DcrSecurityMode = 'permissive' | 'strict';

/** Token buckets guarding POST /oidc/register (burst size and refill per second). */
export interface RegistrationRateLimits {
  per_ip_burst: number;
  per_ip_per_second: number;
  per_tenant_burst: number;
  per_tenant_per_second: number;
}

/** A party whose signed software statements (RFC 7591 §2.3) the tenant trusts: its keys inline or at an https URL. */
export interface SoftwareStatementIssuer {
  iss: string;
  /** a JWK Set of public keys */
  jwks?: { keys: Record<string, unknown>[] };
  jwks_uri?: string;
}

/**
 * Governance of open registration (beyond Auth0). Each knob as the owner set it: absent means
 * the default (REGISTRATION_POLICY_DEFAULTS, none for lists), null means no restriction, an
 * empty list allows nothing.
 */
export interface RegistrationPolicy {
  /** dynamically registered clients the tenant may hold */
  max_clients?: number | null;
  /** bytes of one registration request's body */
  max_metadata_bytes?: number | null;
  allowed_grant_types?: string[] | null;
  allowed_token_endpoint_auth_methods?: string[] | null;
  /** hosts (exact, or `*.example.com` for its subdomains) no redirect URI may point at */
  blocked_redirect_hosts?: string[] | null;
  /** every redirect URI must match one: `*` is any subdomain in a host, any port, any path rest */
  allowed_redirect_uri_patterns?: string[] | null;
  /** what a registered `scope` may hold; a registration without one gets these */
  allowed_scopes?: string[] | null;
  /** issuers whose software statements are verified and trusted; absent or null: statements are ignored */
  software_statement_issuers?: SoftwareStatementIssuer[] | null;
  /** a registration must carry a software statement from a trusted issuer */
  require_software_statement?: boolean | null;
  /** true: POST /oidc/register needs an initial access token (RFC 7591 §3); absent, null or false: it does not */
  require_initial_access_token?: boolean | null;
  /** days a dynamically registered client may go unused before the clean-up deletes it; 0 or null: never */
  unused_client_ttl_days?: number | null;
}

export const REGISTRATION_POLICY_DEFAULTS = { max_clients: 10_000, max_metadata_bytes: 8192, unused_client_ttl_days: 90 } as const;

/** The unused-client TTL in force, in days; null when registrations never expire (0 or null). */
export function unusedClientTtlDays(policy: RegistrationPolicy): number | null {
  const days = policyLimit(policy, 'unused_client_ttl_days');
  return days === 0 ? null : days;
}

/** The knob in force: the owner's value, the default when absent; null = no restriction. */
export function policyLimit(policy: RegistrationPolicy, knob: keyof typeof REGISTRATION_POLICY_DEFAULTS): number | null {
  const set = policy[knob];
  return set === undefined ? REGISTRATION_POLICY_DEFAULTS[knob] : set;
}

export interface TenantSettings {
  friendly_name: string;
  support_email?: string;
  support_url?: string;
  picture_url?: string;
  default_audience?: string;
  /** hours, as Auth0 */
  session_lifetime: number;
  /** hours, as Auth0 */
  idle_session_lifetime: number;
  enabled_locales: string[];
  flags: Record<TenantFlag, boolean>;
  dynamic_client_registration_security_mode: DcrSecurityMode;
  registration_rate_limits: RegistrationRateLimits;
  registration_policy: RegistrationPolicy;
  /**
   * Auth0's setting: true skips telling the user where a code or token goes when the redirect
   * URI is a custom scheme or loopback (see domain/uris.ts); absent or null means false.
   */
  skip_non_verifiable_callback_uri_confirmation_prompt?: boolean | null;
  /** RFC 7592: self-registered clients read, update and delete themselves with a registration access token (Auth0 has no such feature) */
  registration_client_management_enabled: boolean;
  /**
   * Auth0's setting: a client_id that is an https URL names a Client ID Metadata Document,
   * fetched and validated at /authorize and the token endpoint (off by default).
   */
  client_id_metadata_document_supported: boolean;
  /**
   * Rotate the signing keys when the current key has signed for this many days (Auth0 has no
   * such setting); absent or null: only when asked.
   */
  signing_keys_rotation_days?: number | null;
}

export interface Tenant {
  id: string;
  name: string;
  /** host[:port] that routes requests to this tenant */
  domain: string;
  isDefault: boolean;
  settings: TenantSettings;
  createdAt: Date;
}

export const DEFAULT_REGISTRATION_RATE_LIMITS: RegistrationRateLimits = {
  per_ip_burst: 10,
  per_ip_per_second: 1,
  per_tenant_burst: 100,
  per_tenant_per_second: 50,
};

export function defaultTenantSettings(friendlyName: string): TenantSettings {
  return {
    friendly_name: friendlyName,
    session_lifetime: 168,
    idle_session_lifetime: 72,
    enabled_locales: ['en'],
    flags: Object.fromEntries(TENANT_FLAGS.map((f) => [f, false])) as Record<TenantFlag, boolean>,
    dynamic_client_registration_security_mode: 'permissive',
    registration_rate_limits: { ...DEFAULT_REGISTRATION_RATE_LIMITS },
    registration_policy: {},
    registration_client_management_enabled: false,
    client_id_metadata_document_supported: false,
  };
}

/** Fills settings read from storage with defaults for keys added since they were written. */
export function normalizeTenantSettings(stored: Partial<TenantSettings>, friendlyName: string): TenantSettings {
  const base = defaultTenantSettings(friendlyName);
  return {
    ...base,
    ...stored,
    flags: { ...base.flags, ...(stored.flags ?? {}) },
    registration_rate_limits: { ...base.registration_rate_limits, ...(stored.registration_rate_limits ?? {}) },
    registration_policy: { ...(stored.registration_policy ?? {}) },
  };
}

/** Whether the user confirms where a code or token goes before a non-verifiable callback gets it. */
export const confirmsNonVerifiableCallbacks = (settings: Pick<TenantSettings, 'skip_non_verifiable_callback_uri_confirmation_prompt'>): boolean =>
  settings.skip_non_verifiable_callback_uri_confirmation_prompt !== true;

const DOMAIN_RE = /^(?=.{1,253}(:|$))([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/;

/** A tenant domain is a lower-case `host[:port]` (what clients send in the Host header). */
export function normalizeDomain(input: string): string | null {
  const d = input.trim().toLowerCase();
  if (!DOMAIN_RE.test(d)) return null;
  const port = d.split(':')[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return null;
  return d;
}

/** Tenant names are slugs: they appear in CLI commands and URLs. */
export function isValidTenantName(name: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,62}$/.test(name);
}
