// A stored client as the Management API shows it (Auth0 `Client` shape plus registration info).
import { redirectionPolicyOf, type Client } from '../../domain/client.ts';

export interface ClientView {
  [key: string]: unknown;
  client_id: string;
}

export function clientView(client: Client, tenantName: string, withSecret: boolean): ClientView {
  const dcr = client.dynamic_registration;
  return {
    tenant: tenantName,
    global: false,
    client_id: client.client_id,
    ...(withSecret && client.client_secret !== null ? { client_secret: client.client_secret } : {}),
    name: client.name,
    ...(client.description !== undefined ? { description: client.description } : {}),
    app_type: client.app_type,
    is_first_party: client.is_first_party,
    oidc_conformant: client.oidc_conformant,
    ...(client.logo_uri !== undefined ? { logo_uri: client.logo_uri } : {}),
    callbacks: client.callbacks,
    allowed_logout_urls: client.allowed_logout_urls,
    web_origins: client.web_origins,
    allowed_origins: client.allowed_origins,
    grant_types: client.grant_types,
    token_endpoint_auth_method: client.token_endpoint_auth_method,
    jwt_configuration: { ...client.jwt_configuration, secret_encoded: false },
    sso_disabled: false,
    cross_origin_authentication: false,
    is_token_endpoint_ip_header_trusted: false,
    custom_login_page_on: true,
    client_metadata: {},
    // Auth0 shows it with read:client_keys, as the secret.
    ...(withSecret && client.client_authentication_methods ? { client_authentication_methods: client.client_authentication_methods } : {}),
    redirection_policy: redirectionPolicyOf(client),
    ...(client.third_party_security_mode !== undefined ? { third_party_security_mode: client.third_party_security_mode } : {}),
    dynamically_registered: dcr !== undefined,
    ...(dcr ? { registered_at: dcr.registered_at, dynamic_registration: dcr } : {}),
    ...(client.registration_metadata !== undefined ? { registration_metadata: client.registration_metadata } : {}),
    ...(client.external_client_id !== undefined ? { external_client_id: client.external_client_id } : {}),
    created_at: client.createdAt.toISOString(),
    updated_at: client.updatedAt.toISOString(),
    last_used_at: client.lastUsedAt ? client.lastUsedAt.toISOString() : null,
  };
}
