// Clients: create with Auth0's first-party defaults, patch, delete (with their grants), rotate.
import { clientNameProblem } from '../../domain/client-name.ts';
import {
  redirectionPolicyOf,
  usesSecret,
  type AppType,
  type Client,
  type ClientCredential,
  type NewClient,
  type RedirectionPolicy,
  type TokenEndpointAuthMethod,
} from '../../domain/client.ts';
import { clientKeys } from '../../domain/client-keys.ts';
import { newClientId, newClientSecret } from '../../domain/ids.ts';
import type { Storage, TenantStores } from '../../storage/ports.ts';
import { invalidBody, ManagementError, notFound } from '../errors.ts';
import { checkHttpUrl, checkOrigins, checkRedirectUris } from '../urls.ts';
import { checkCredentialIds, credentialNotFound, makeCredential, withCredential, type NewCredential } from './credentials.ts';

export interface ClientInput {
  name?: string;
  description?: string;
  app_type?: AppType;
  is_first_party?: boolean;
  oidc_conformant?: boolean;
  logo_uri?: string;
  callbacks?: string[];
  allowed_logout_urls?: string[];
  web_origins?: string[];
  allowed_origins?: string[];
  grant_types?: string[];
  /** null: the method is given by client_authentication_methods (Auth0) */
  token_endpoint_auth_method?: TokenEndpointAuthMethod | null;
  jwt_configuration?: { alg?: 'RS256'; lifetime_in_seconds?: number };
  redirection_policy?: RedirectionPolicy;
}

/** On create the credentials themselves, on update the ids of credentials the client holds; null removes. */
export interface AuthenticationMethodsInput<C> {
  private_key_jwt?: { credentials: C[] };
}

const PUBLIC_APP_TYPES: readonly AppType[] = ['spa', 'native'];

/** Auth0 defaults (auth0-behaviour §1.5, §3.3): public apps get no client_credentials. */
function defaultGrantTypes(appType: AppType, method: TokenEndpointAuthMethod): string[] {
  if (appType === 'non_interactive') return ['client_credentials'];
  if (method === 'none') return ['authorization_code', 'implicit', 'refresh_token'];
  return ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'];
}

export const clientNotFound = () => notFound('The client does not exist', 'inexistent_client');

/** The one name rule (domain/client-name.ts) beyond what the schema checks. */
function checkName(name: string | undefined): void {
  const problem = name === undefined ? null : clientNameProblem(name);
  if (problem) throw invalidBody(`name ${problem}.`);
}

function checkUrls(input: ClientInput): void {
  checkName(input.name);
  checkRedirectUris('callbacks', input.callbacks);
  checkRedirectUris('allowed_logout_urls', input.allowed_logout_urls);
  checkOrigins('web_origins', input.web_origins);
  checkOrigins('allowed_origins', input.allowed_origins);
  checkHttpUrl('logo_uri', input.logo_uri);
}

/** RFC 6749 §2.1: a public client cannot authenticate, so it cannot use client_credentials. */
function checkConsistent(c: Pick<Client, 'token_endpoint_auth_method' | 'grant_types'>): void {
  if (c.token_endpoint_auth_method === 'none' && c.grant_types.includes('client_credentials')) {
    throw invalidBody('grant type client_credentials needs a confidential client (token_endpoint_auth_method none cannot authenticate).');
  }
}

/** Auth0: client_authentication_methods and a token_endpoint_auth_method other than private_key_jwt exclude each other. */
function checkMethodWithCredentials(method: TokenEndpointAuthMethod | null | undefined): void {
  if (method !== undefined && method !== null && method !== 'private_key_jwt') {
    throw invalidBody('token_endpoint_auth_method must be null when client_authentication_methods.private_key_jwt is set.');
  }
}

/** A private_key_jwt client must have public keys to verify its assertions with. */
function checkKeys(c: Client | NewClient): void {
  if (c.token_endpoint_auth_method === 'private_key_jwt' && !clientKeys(c)) {
    throw invalidBody(
      'private_key_jwt needs public keys: add one with POST /api/v2/clients/{id}/credentials and name it in client_authentication_methods.private_key_jwt.credentials.',
    );
  }
}

export class ClientService {
  constructor(
    private readonly storage: Storage,
    private readonly stores: TenantStores,
  ) {}

  async get(clientId: string): Promise<Client> {
    // Not from the cache: last_used_at is written without invalidating it.
    const client = await this.stores.clients.findById(clientId, { fresh: true });
    if (!client) throw clientNotFound();
    return client;
  }

  async create(input: ClientInput & { name: string; client_authentication_methods?: AuthenticationMethodsInput<NewCredential> }): Promise<Client> {
    checkUrls(input);
    const app_type = input.app_type ?? 'regular_web';
    const keys = input.client_authentication_methods?.private_key_jwt;
    let credentials: ClientCredential[] | undefined;
    if (keys) {
      checkMethodWithCredentials(input.token_endpoint_auth_method);
      credentials = [];
      for (const c of keys.credentials) credentials = withCredential({ credentials } as Client, await makeCredential(c));
    }
    const method = keys ? 'private_key_jwt' : (input.token_endpoint_auth_method ?? (PUBLIC_APP_TYPES.includes(app_type) ? 'none' : 'client_secret_post'));
    const client: NewClient = {
      client_id: newClientId(),
      client_secret: usesSecret(method) ? newClientSecret() : null,
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      app_type,
      is_first_party: input.is_first_party ?? true,
      oidc_conformant: input.oidc_conformant ?? false,
      callbacks: input.callbacks ?? [],
      allowed_logout_urls: input.allowed_logout_urls ?? [],
      web_origins: input.web_origins ?? [],
      allowed_origins: input.allowed_origins ?? [],
      grant_types: input.grant_types ?? defaultGrantTypes(app_type, method),
      token_endpoint_auth_method: method,
      jwt_configuration: { alg: 'RS256', lifetime_in_seconds: input.jwt_configuration?.lifetime_in_seconds ?? 36000 },
      ...(input.logo_uri ? { logo_uri: input.logo_uri } : {}),
      redirection_policy: input.redirection_policy ?? redirectionPolicyOf({ is_first_party: input.is_first_party ?? true }),
      ...(credentials && { credentials, client_authentication_methods: { private_key_jwt: { credentials: credentials.map(({ id }) => ({ id })) } } }),
    };
    checkConsistent(client);
    checkKeys(client);
    return this.stores.clients.create(client);
  }

  async update(clientId: string, input: ClientInput & { client_authentication_methods?: AuthenticationMethodsInput<{ id: string }> | null }): Promise<Client> {
    checkUrls(input);
    const current = await this.get(clientId);
    const { jwt_configuration, logo_uri, description, token_endpoint_auth_method: method, client_authentication_methods: methods, ...rest } = input;
    const next: Client = { ...current, ...rest };
    const keys = methods?.private_key_jwt;
    if (keys) {
      checkMethodWithCredentials(method);
      checkCredentialIds(current, keys.credentials);
      next.client_authentication_methods = { private_key_jwt: { credentials: keys.credentials.map(({ id }) => ({ id })) } };
      next.token_endpoint_auth_method = 'private_key_jwt';
    } else {
      if (methods !== undefined) delete next.client_authentication_methods;
      if (method === null) throw invalidBody('token_endpoint_auth_method may be null only with client_authentication_methods.private_key_jwt.');
      if (method !== undefined) next.token_endpoint_auth_method = method;
      // Back to a secret or to none: the keys no longer authenticate the client (Auth0 keeps one method).
      if (method !== undefined && method !== 'private_key_jwt') delete next.client_authentication_methods;
    }
    if (jwt_configuration) next.jwt_configuration = { ...current.jwt_configuration, ...jwt_configuration, alg: 'RS256' };
    // An empty string clears an optional text (Auth0 accepts "" for these).
    if (logo_uri !== undefined) logo_uri === '' ? delete next.logo_uri : (next.logo_uri = logo_uri);
    if (description !== undefined) description === '' ? delete next.description : (next.description = description);
    // A Client ID Metadata Document client never holds a shared secret (draft §4.1).
    if (current.external_client_id !== undefined && next.token_endpoint_auth_method !== current.token_endpoint_auth_method) {
      throw invalidBody('token_endpoint_auth_method of a Client ID Metadata Document client comes from its document.');
    }
    if (!usesSecret(next.token_endpoint_auth_method) || next.external_client_id !== undefined) next.client_secret = null;
    else if (next.client_secret === null) next.client_secret = newClientSecret();
    checkConsistent(next);
    checkKeys(next);
    if (!(await this.stores.clients.replace(next))) throw clientNotFound();
    return { ...next, updatedAt: new Date() };
  }

  /** POST /clients/{id}/credentials: the key is kept; the client uses it once client_authentication_methods names it. */
  async addCredential(clientId: string, input: NewCredential): Promise<ClientCredential> {
    const current = await this.get(clientId);
    const credential = await makeCredential(input);
    const next: Client = { ...current, credentials: withCredential(current, credential) };
    if (!(await this.stores.clients.replace(next))) throw clientNotFound();
    return credential;
  }

  async credential(clientId: string, credentialId: string): Promise<ClientCredential> {
    const found = (await this.get(clientId)).credentials?.find((c) => c.id === credentialId);
    if (!found) throw credentialNotFound();
    return found;
  }

  /** Deleting a credential also stops it authenticating the client at once (a leaked key is revoked). */
  async deleteCredential(clientId: string, credentialId: string): Promise<void> {
    const current = await this.get(clientId);
    if (!current.credentials?.some((c) => c.id === credentialId)) throw credentialNotFound();
    const next: Client = { ...current, credentials: current.credentials.filter((c) => c.id !== credentialId) };
    const enabled = current.client_authentication_methods?.private_key_jwt?.credentials;
    if (enabled) next.client_authentication_methods = { private_key_jwt: { credentials: enabled.filter((c) => c.id !== credentialId) } };
    if (!(await this.stores.clients.replace(next))) throw clientNotFound();
  }

  /** Deletes the client, its client grants and its place in connections, together. */
  async delete(clientId: string): Promise<void> {
    await this.storage.transaction(async (tx) => {
      const stores = tx.forTenant(this.stores.tenantId);
      if (!(await stores.clients.delete(clientId))) throw clientNotFound();
      await stores.clientGrants.deleteForClient(clientId);
      for (const c of await stores.connections.list()) {
        if (c.enabled_clients.includes(clientId))
          await stores.connections.setEnabledClients(
            c.id,
            c.enabled_clients.filter((id) => id !== clientId),
          );
      }
    });
  }

  async rotateSecret(clientId: string): Promise<Client> {
    const current = await this.get(clientId);
    if (!usesSecret(current.token_endpoint_auth_method) || current.external_client_id !== undefined) {
      throw new ManagementError(
        400,
        `The client authenticates with ${current.token_endpoint_auth_method === 'none' ? 'nothing (token_endpoint_auth_method none)' : 'private_key_jwt'} and has no secret to rotate.`,
        'operation_not_supported',
      );
    }
    const next: Client = { ...current, client_secret: newClientSecret() };
    if (!(await this.stores.clients.replace(next))) throw clientNotFound();
    return { ...next, updatedAt: new Date() };
  }
}
