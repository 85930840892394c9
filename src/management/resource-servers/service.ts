// Resource servers (APIs). The Management API is a system one: listed, found, its token
// lifetimes adjustable, nothing else (auth0-behaviour §3.4).
import { subjectTypeAuthorizationOf, tokenDialectOf, type ResourceServer } from '../../domain/resource-server.ts';
import { isAuthzDialect, type TokenDialect } from '../../domain/role.ts';
import { newResourceServerId } from '../../domain/ids.ts';
import { DuplicateError, type Storage, type TenantStores } from '../../storage/ports.ts';
import { conflict, invalidBody, ManagementError, notFound } from '../errors.ts';

export interface ResourceServerInput {
  identifier?: string;
  name?: string;
  scopes?: { value: string; description?: string }[];
  signing_alg?: 'RS256';
  token_lifetime?: number;
  token_lifetime_for_web?: number;
  allow_offline_access?: boolean;
  skip_consent_for_verifiable_first_party_clients?: boolean;
  subject_type_authorization?: ResourceServer['subject_type_authorization'];
  enforce_policies?: boolean;
  token_dialect?: TokenDialect;
}

const SYSTEM_PATCHABLE = new Set(['token_lifetime', 'token_lifetime_for_web', 'subject_type_authorization']);

/**
 * PATCH merges per subject: `{client: {...}}` leaves the user policy as it was. A system API
 * (the Management API) is for machine clients only: no user policy but deny_all opens it.
 */
function mergeAccessPolicy(current: ResourceServer, patch: ResourceServerInput['subject_type_authorization']): ResourceServer['subject_type_authorization'] {
  if (!patch) return current.subject_type_authorization;
  if (current.is_system && patch.user && patch.user.policy !== 'deny_all') {
    throw new ManagementError(403, 'The user access policy of a system resource server is deny_all and cannot be changed.', 'operation_not_supported');
  }
  const merged = { ...current.subject_type_authorization, ...patch };
  return current.is_system ? { ...(merged.client ? { client: merged.client } : {}) } : merged;
}

export const resourceServerNotFound = () => notFound('The resource server does not exist', 'inexistent_resource_server');

export function resourceServerView(rs: ResourceServer): Record<string, unknown> {
  return {
    id: rs.id,
    name: rs.name,
    identifier: rs.identifier,
    is_system: rs.is_system,
    scopes: rs.scopes,
    signing_alg: rs.signing_alg,
    token_lifetime: rs.token_lifetime,
    token_lifetime_for_web: rs.token_lifetime_for_web,
    allow_offline_access: rs.allow_offline_access,
    skip_consent_for_verifiable_first_party_clients: rs.skip_consent_for_verifiable_first_party_clients,
    subject_type_authorization: subjectTypeAuthorizationOf(rs),
    token_dialect: tokenDialectOf(rs),
    enforce_policies: rs.enforce_policies ?? false,
  };
}

function normalizeScopes(scopes: ResourceServerInput['scopes']): ResourceServer['scopes'] | undefined {
  if (!scopes) return undefined;
  const seen = new Set<string>();
  for (const s of scopes) {
    if (seen.has(s.value)) throw invalidBody(`scope "${s.value}" is listed more than once.`);
    seen.add(s.value);
  }
  return scopes.map((s) => ({ value: s.value, description: s.description ?? '' }));
}

function checkLifetimes(rs: Pick<ResourceServer, 'token_lifetime' | 'token_lifetime_for_web'>): void {
  if (rs.token_lifetime_for_web > rs.token_lifetime) throw invalidBody('token_lifetime_for_web must be less than or equal to token_lifetime.');
}

/** Auth0: a dialect that adds `permissions` needs RBAC on. */
function checkDialect(rs: Pick<ResourceServer, 'token_dialect' | 'enforce_policies'>): void {
  const dialect = tokenDialectOf(rs);
  if (isAuthzDialect(dialect) && !rs.enforce_policies) throw invalidBody(`token_dialect ${dialect} requires enforce_policies to be true.`);
}

export class ResourceServerService {
  constructor(
    private readonly storage: Storage,
    private readonly stores: TenantStores,
  ) {}

  /** `idOrIdentifier`: the 24-hex id or the (URL-decoded) identifier. */
  async get(idOrIdentifier: string): Promise<ResourceServer> {
    const rs = (await this.stores.resourceServers.findById(idOrIdentifier)) ?? (await this.stores.resourceServers.findByIdentifier(idOrIdentifier));
    if (!rs) throw resourceServerNotFound();
    return rs;
  }

  async create(input: ResourceServerInput & { identifier: string }): Promise<ResourceServer> {
    const token_lifetime = input.token_lifetime ?? 86400;
    const rs = {
      id: newResourceServerId(),
      identifier: input.identifier,
      name: input.name ?? input.identifier,
      is_system: false,
      scopes: normalizeScopes(input.scopes) ?? [],
      signing_alg: 'RS256' as const,
      token_lifetime,
      token_lifetime_for_web: input.token_lifetime_for_web ?? Math.min(7200, token_lifetime),
      allow_offline_access: input.allow_offline_access ?? false,
      skip_consent_for_verifiable_first_party_clients: input.skip_consent_for_verifiable_first_party_clients ?? false,
      ...(input.subject_type_authorization ? { subject_type_authorization: input.subject_type_authorization } : {}),
      ...(input.enforce_policies !== undefined ? { enforce_policies: input.enforce_policies } : {}),
      ...(input.token_dialect !== undefined ? { token_dialect: input.token_dialect } : {}),
    };
    checkLifetimes(rs);
    checkDialect(rs);
    try {
      return await this.stores.resourceServers.create(rs);
    } catch (err) {
      if (err instanceof DuplicateError) throw conflict('A resource server with the same identifier already exists', 'conflict');
      throw err;
    }
  }

  async update(idOrIdentifier: string, input: ResourceServerInput): Promise<ResourceServer> {
    const current = await this.get(idOrIdentifier);
    if (current.is_system) {
      const refused = Object.keys(input).filter((k) => !SYSTEM_PATCHABLE.has(k));
      if (refused.length) {
        throw new ManagementError(
          403,
          `Only token_lifetime, token_lifetime_for_web and subject_type_authorization.client can be changed on a system resource server (got: ${refused.join(', ')}).`,
          'operation_not_supported',
        );
      }
    }
    const scopes = normalizeScopes(input.scopes);
    const { subject_type_authorization: policyPatch, ...rest } = input;
    const policy = mergeAccessPolicy(current, policyPatch);
    const { subject_type_authorization: _old, ...base } = current;
    const next: ResourceServer = {
      ...base,
      ...rest,
      ...(policy ? { subject_type_authorization: policy } : {}),
      scopes: scopes ?? current.scopes,
      identifier: current.identifier,
      signing_alg: 'RS256',
    };
    // Lowering token_lifetime alone pulls token_lifetime_for_web down with it.
    if (input.token_lifetime_for_web === undefined) next.token_lifetime_for_web = Math.min(next.token_lifetime_for_web, next.token_lifetime);
    checkLifetimes(next);
    checkDialect(next);
    // Permissions of scopes the API no longer defines go with them (Auth0).
    const kept = new Set(next.scopes.map((s) => s.value));
    const removed = current.scopes.map((s) => s.value).filter((v) => !kept.has(v));
    await this.stores.transaction(async (tx) => {
      if (!(await tx.resourceServers.replace(next))) throw resourceServerNotFound();
      await tx.userAuthorization.deleteForResourceServer(current.id, removed);
    });
    return next;
  }

  /** Deletes the API, the client grants for its audience and the permissions of its scopes. */
  async delete(idOrIdentifier: string): Promise<void> {
    const current = await this.get(idOrIdentifier);
    if (current.is_system) throw new ManagementError(403, 'A system resource server cannot be deleted.', 'operation_not_supported');
    await this.storage.transaction(async (tx) => {
      const stores = tx.forTenant(this.stores.tenantId);
      if (!(await stores.resourceServers.delete(current.id))) throw resourceServerNotFound();
      for (const g of await stores.clientGrants.list({ audience: current.identifier })) await stores.clientGrants.delete(g.id);
      await stores.userAuthorization.deleteForResourceServer(current.id);
    });
  }
}
