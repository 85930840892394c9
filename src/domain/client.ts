// Client (Auth0 "application"). Field names follow the Auth0 Management API.

export type AppType = 'native' | 'spa' | 'regular_web' | 'non_interactive';
/** private_key_jwt: RFC 7523 §2.2 / OIDC Core §9; the client holds no secret, only public keys. */
export type TokenEndpointAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic' | 'private_key_jwt';

/** Whether clients with this method hold a shared secret (public and private_key_jwt clients do not). */
export const usesSecret = (method: TokenEndpointAuthMethod): boolean => method === 'client_secret_post' || method === 'client_secret_basic';

/** A public key given to a client through the Management API (Auth0 client credentials, `public_key` type). */
export interface ClientCredential {
  /** `cred_` + random; what client_authentication_methods refers to */
  id: string;
  name: string;
  credential_type: 'public_key';
  /** the key's JWK (public members only), with this kid */
  kid: string;
  alg: string;
  jwk: Record<string, string>;
  created_at: string;
  updated_at: string;
  expires_at?: string;
}

/** Auth0's client_authentication_methods: the credentials private_key_jwt accepts, by id. */
export interface ClientAuthenticationMethods {
  private_key_jwt?: { credentials: { id: string }[] };
}

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

/**
 * The domain a Client ID Metadata Document client proved it controls by serving its document
 * there (the host of its client_id URL); undefined for other clients. Shown on the consent page
 * apart from the client's self-asserted name.
 */
export function verifiedDomainOf(client: Pick<Client, 'external_client_id'>): string | undefined {
  if (client.external_client_id === undefined) return undefined;
  try {
    return new URL(client.external_client_id).host;
  } catch {
    return undefined;
  }
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
  /**
   * The https URL of its Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document):
   * set on clients whose client_id is that URL, fetched at /authorize or imported (Auth0's name).
   */
  external_client_id?: string;
  /** Public keys added through POST /api/v2/clients/{id}/credentials. */
  credentials?: ClientCredential[];
  /** Which of `credentials` authenticate the client (private_key_jwt). */
  client_authentication_methods?: ClientAuthenticationMethods;
  /** SHA-256 of the RFC 7592 registration access token; set when the client may manage itself. Never shown. */
  registration_access_token_hash?: string;
  createdAt: Date;
  updatedAt: Date;
  /**
   * The last authorization or token issued to it (recorded at most once an hour); null if none
   * since its record of use began. A copy from a cache may lag: recording a use keeps caches.
   */
  lastUsedAt?: Date | null;
}

export type NewClient = Omit<Client, 'tenantId' | 'createdAt' | 'updatedAt' | 'lastUsedAt'>;

/** How often a client's use is written at most: the clean-up counts in days, the hot path stays fast. */
export const USE_RECORD_INTERVAL_MS = 3_600_000;

/**
 * Which clients count as unused (the clean-up of dynamically registered ones): last used, or if
 * never, their record of use began, before `before`; or (`never`) never used since they exist.
 */
export type Unused = { before: Date } | { never: true };

/** Unused for more than `days` days as of `now`; 0 days: never used. */
export function unusedFor(days: number, now: Date): Unused {
  return days === 0 ? { never: true } : { before: new Date(now.getTime() - days * 86_400_000) };
}

/** A client the clean-up found unused, as it reports and logs it. */
export interface UnusedClient {
  client_id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** when its record of use began: its creation, or the upgrade that began recording uses */
  usageTrackedFrom: Date;
}
