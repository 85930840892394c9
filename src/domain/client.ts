// Client (Auth0 "application"). Field names follow the Auth0 Management API.

export type AppType = 'native' | 'spa' | 'regular_web' | 'non_interactive';
export type TokenEndpointAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';

/** How a dynamically registered client came to be (shown to the tenant owner). */
export interface DynamicRegistrationInfo {
  registered_at: string;
  ip: string;
  user_agent: string;
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
  createdAt: Date;
  updatedAt: Date;
}

export type NewClient = Omit<Client, 'tenantId' | 'createdAt' | 'updatedAt'>;
