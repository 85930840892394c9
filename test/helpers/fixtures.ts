// Test data for sign-in flows. registerThirdPartyClient creates a client in the shape
// POST /oidc/register produces; once that endpoint is on main it can call it instead.
import { newClientId, newClientSecret, newResourceServerId, newUserId } from '../../src/domain/ids.ts';
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
  strict?: boolean;
}

export async function registerThirdPartyClient(server: TestServer, input: ThirdPartyClientInput): Promise<Client> {
  const stores = await defaultStores(server);
  const authMethod = input.authMethod ?? 'client_secret_post';
  return stores.clients.create({
    client_id: (input.strict ? 'tpc_' : '') + newClientId(),
    client_secret: authMethod === 'none' ? null : newClientSecret(),
    name: input.name ?? 'My App',
    app_type: input.appType ?? (authMethod === 'none' ? 'spa' : 'regular_web'),
    is_first_party: false,
    oidc_conformant: true,
    callbacks: input.redirectUris,
    allowed_logout_urls: input.allowedLogoutUrls ?? [],
    web_origins: [],
    allowed_origins: input.allowedOrigins ?? [],
    grant_types: input.grantTypes ?? ['authorization_code', 'implicit', 'refresh_token'],
    token_endpoint_auth_method: authMethod,
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
    ...(input.logoUri ? { logo_uri: input.logoUri } : {}),
    ...(input.strict ? { third_party_security_mode: 'strict' as const } : {}),
    dynamic_registration: { registered_at: new Date().toISOString(), ip: '127.0.0.1', user_agent: 'latchkey-tests' },
  });
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
  input: { identifier: string; name?: string; scopes?: ResourceServerScope[]; allowOfflineAccess?: boolean; tokenLifetime?: number; tokenLifetimeForWeb?: number },
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
