// Test data for sign-in flows: third-party clients come from the real POST /oidc/register.
import { newResourceServerId, newUserId } from '../../src/domain/ids.ts';
import type { Client } from '../../src/domain/client.ts';
import type { ResourceServer, ResourceServerScope } from '../../src/domain/resource-server.ts';
import type { User } from '../../src/domain/user.ts';
import type { TenantStores } from '../../src/storage/ports.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import type { TestServer } from './server.ts';

export async function defaultStores(server: TestServer): Promise<TenantStores> {
  const storage = server.latchkey.services.storage;
  const tenant = await storage.tenants.findDefault();
  if (!tenant) throw new Error('no default tenant');
  return storage.forTenant(tenant.id);
}

export interface ThirdPartyClientInput {
  redirectUris: string[];
  name?: string;
  /** default ['authorization_code', 'implicit', 'refresh_token'] */
  grantTypes?: string[];
  /** default client_secret_post */
  authMethod?: 'client_secret_post' | 'none';
  appType?: Client['app_type'];
  logoUri?: string;
  allowedLogoutUrls?: string[];
  allowedOrigins?: string[];
  webOrigins?: string[];
  strict?: boolean;
  /** RFC 7591 `scope`: what the client may ask for */
  scope?: string;
}

/**
 * Registers a client through the real POST /oidc/register (turning registration on for the
 * default tenant, with rate limits out of the way), then applies what only the tenant owner
 * can set (allowed and web origins, an inline logo) as the owner would.
 */
export async function registerThirdPartyClient(server: TestServer, input: ThirdPartyClientInput): Promise<Client> {
  const storage = server.latchkey.services.storage;
  const tenant = (await storage.tenants.findDefault())!;
  await storage.tenants.updateSettings(tenant.id, (settings) => ({
    ...settings,
    flags: { ...settings.flags, enable_dynamic_client_registration: true },
    dynamic_client_registration_security_mode: input.strict ? 'strict' : 'permissive',
    registration_rate_limits: { per_ip_burst: 1e6, per_ip_per_second: 1e6, per_tenant_burst: 1e6, per_tenant_per_second: 1e6 },
  }));
  const grantTypes = input.grantTypes ?? (input.strict ? ['authorization_code', 'refresh_token'] : ['authorization_code', 'implicit', 'refresh_token']);
  const responseTypes = [
    ...(grantTypes.includes('authorization_code') ? ['code'] : []),
    ...(grantTypes.includes('implicit') ? ['token', 'id_token', 'id_token token'] : []),
  ];
  const metadata: Record<string, unknown> = {
    client_name: input.name ?? 'My App',
    redirect_uris: input.redirectUris,
    grant_types: grantTypes,
    response_types: responseTypes,
    token_endpoint_auth_method: input.authMethod ?? 'client_secret_post',
    application_type: input.appType === 'native' ? 'native' : 'web',
    ...(input.logoUri && !input.logoUri.startsWith('data:') ? { logo_uri: input.logoUri } : {}),
    ...(input.allowedLogoutUrls ? { post_logout_redirect_uris: input.allowedLogoutUrls } : {}),
    ...(input.scope ? { scope: input.scope } : {}),
  };
  const res = await fetch(`${server.url}/oidc/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'latchkey-tests' },
    body: JSON.stringify(metadata),
  });
  const body = (await res.json()) as { client_id?: string };
  if (res.status !== 201 || !body.client_id) throw new Error(`registration failed: ${res.status} ${JSON.stringify(body)}`);
  const stores = storage.forTenant(tenant.id);
  let client = (await stores.clients.findById(body.client_id))!;
  // Registration refuses data: URIs; a tenant owner may still set an inline logo.
  const ownerLogo = input.logoUri?.startsWith('data:') ? { logo_uri: input.logoUri } : {};
  if (input.allowedOrigins || input.webOrigins || 'logo_uri' in ownerLogo) {
    client = {
      ...client,
      ...ownerLogo,
      ...(input.allowedOrigins ? { allowed_origins: input.allowedOrigins } : {}),
      ...(input.webOrigins ? { web_origins: input.webOrigins } : {}),
    };
    await stores.clients.replace(client);
  }
  return client;
}

/**
 * Sets Auth0's skip_non_verifiable_callback_uri_confirmation_prompt on the default tenant, as an
 * owner would for development, for suites whose loopback callbacks are not what they test:
 * stored consent and silent sign-in then apply as they do for https callbacks.
 */
export async function skipCallbackConfirmation(server: TestServer, skip = true): Promise<void> {
  const storage = server.latchkey.services.storage;
  const tenant = (await storage.tenants.findDefault())!;
  await storage.tenants.updateSettings(tenant.id, (settings) => ({ ...settings, skip_non_verifiable_callback_uri_confirmation_prompt: skip }));
}

export async function createUser(server: TestServer, input: { email: string; password: string; name?: string; blocked?: boolean }): Promise<User> {
  const stores = await defaultStores(server);
  const nickname = input.email.split('@')[0]!;
  return stores.users.create({
    user_id: newUserId(),
    email: input.email,
    email_verified: true,
    name: input.name ?? nickname,
    nickname,
    blocked: input.blocked ?? false,
    connection: 'Username-Password-Authentication',
    user_metadata: {},
    app_metadata: {},
    passwordHash: await hashPassword(input.password),
  });
}

export async function createApi(
  server: TestServer,
  input: {
    identifier: string;
    name?: string;
    scopes?: ResourceServerScope[];
    allowOfflineAccess?: boolean;
    tokenLifetime?: number;
    tokenLifetimeForWeb?: number;
  },
): Promise<ResourceServer> {
  const stores = await defaultStores(server);
  return stores.resourceServers.create({
    id: newResourceServerId(),
    name: input.name ?? 'Contacts API',
    identifier: input.identifier,
    is_system: false,
    scopes: input.scopes ?? [
      { value: 'read:contacts', description: 'Read your contacts' },
      { value: 'write:contacts', description: 'Change your contacts' },
    ],
    signing_alg: 'RS256',
    token_lifetime: input.tokenLifetime ?? 86400,
    token_lifetime_for_web: input.tokenLifetimeForWeb ?? 7200,
    allow_offline_access: input.allowOfflineAccess ?? true,
    skip_consent_for_verifiable_first_party_clients: false,
  });
}

/** An app named by a Client ID Metadata Document, as an import leaves it: the document's URL is its client_id. */
export async function createMetadataDocumentClient(server: TestServer, url: string, name: string): Promise<Client> {
  const stores = await defaultStores(server);
  return stores.clients.create({
    client_id: url,
    external_client_id: url,
    client_secret: null,
    name,
    app_type: 'native',
    is_first_party: false,
    oidc_conformant: true,
    callbacks: ['http://127.0.0.1/callback'],
    allowed_logout_urls: [],
    web_origins: [],
    allowed_origins: [],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'none',
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
  } as never);
}
