// Client (Auth0 "application"). Field names follow the Auth0 Management API.

export type AppType = 'native' | 'spa' | 'regular_web' | 'non_interactive';
export type TokenEndpointAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';

/**
 * Auth0's redirection_policy: whether /authorize may send errors found before the user
 * interacted to the redirect URI (`allow_always`), or shows them on the error page
 * (`open_redirect_protection`, RFC 9700 §4.11.2: a registered URI is not a trusted one).
 */
export type RedirectionPolicy = 'open_redirect_protection' | 'allow_always';

export const REDIRECTION_POLICIES: readonly RedirectionPolicy[] = ['open_redirect_protection', 'allow_always'];

/** The client's policy; unset: protected if it registered itself, else allow_always. */
export function redirectionPolicyOf(client: Pick<Client, 'redirection_policy' | 'dynamic_registration' | 'is_first_party'>): RedirectionPolicy {
  if (client.redirection_policy) return client.redirection_policy;
  return client.dynamic_registration || !client.is_first_party ? 'open_redirect_protection' : 'allow_always';
}

/** How a dynamically registered client came to be (shown to the tenant owner). */
export interface DynamicRegistrationInfo {
  registered_at: string;
  ip: string;
  user_agent: string;
  /** the initial access token (RFC 7591 §3) the registration presented, if any */
  initial_access_token_id?: string;
  /** The client registered with a software statement verified against a trusted issuer (RFC 7591 §2.3). */
  software_statement?: { iss: string; software_id?: string };
}

/**
 * The issuer of the software statement the client registered with (RFC 7591 §2.3), while the
 * tenant still lists it among its trusted issuers; undefined otherwise.
 */
export function statementIssuerTrusted(
  client: Pick<Client, 'dynamic_registration'>,
  trusted: readonly { iss: string }[] | null | undefined,
): string | undefined {
  const iss = client.dynamic_registration?.software_statement?.iss;
  return iss !== undefined && trusted?.some((t) => t.iss === iss) ? iss : undefined;
}

export interface Client {
  tenantId: string;
  client_id: string;
  /** Plaintext secret (decrypted from storage); null for public clients. */
  client_secret: string | null;
  name: string;
  description?: string;
  app_type: AppType;
  is_first_party: boolean;
  oidc_conformant: boolean;
  callbacks: string[];
  allowed_logout_urls: string[];
  web_origins: string[];
  allowed_origins: string[];
  grant_types: string[];
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  jwt_configuration: { alg: 'RS256'; lifetime_in_seconds: number };
  logo_uri?: string;
  /** 'strict' for clients registered under Auth0's April 2026 third-party profile. */
  third_party_security_mode?: 'strict' | 'permissive';
  /** RFC 7591 metadata kept as registered (client_uri, contacts, scope, response_types, ...). */
  registration_metadata?: Record<string, unknown>;
  /** Set when the client registered itself through POST /oidc/register. */
  dynamic_registration?: DynamicRegistrationInfo;
  /** Unset on clients stored before it existed: see redirectionPolicyOf. */
  redirection_policy?: RedirectionPolicy;
  /** SHA-256 of the RFC 7592 registration access token; set when the client may manage itself. Never shown. */
  registration_access_token_hash?: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewClient = Omit<Client, 'tenantId' | 'createdAt' | 'updatedAt'>;
