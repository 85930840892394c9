// Client grants: which client may get tokens for which API, with which scopes (auth0-behaviour §3.5).
import type { ClientGrant, GrantSubjectType } from '../../domain/resource-server.ts';
import { newClientGrantId } from '../../domain/ids.ts';
import { DuplicateError, type TenantStores } from '../../storage/ports.ts';
import { conflict, invalidBody, notFound } from '../errors.ts';
import { clientNotFound } from '../clients/service.ts';

export const clientGrantNotFound = () => notFound('The client grant does not exist', 'inexistent_client_grant');

export const clientGrantView = (g: ClientGrant) => ({ id: g.id, client_id: g.client_id, audience: g.audience, scope: g.scope, subject_type: g.subject_type });

export class ClientGrantService {
  constructor(private readonly stores: TenantStores) {}

  private async checkScopes(audience: string, scope: string[]): Promise<void> {
    const api = await this.stores.resourceServers.findByIdentifier(audience);
    if (!api) throw notFound(`No resource server found for audience ${audience}`, 'inexistent_resource_server');
    const known = new Set(api.scopes.map((s) => s.value));
    if (!scope.every((s) => known.has(s))) throw invalidBody('scope must be a subset of resource server scopes');
  }

  async get(id: string): Promise<ClientGrant> {
    const grant = await this.stores.clientGrants.findById(id);
    if (!grant) throw clientGrantNotFound();
    return grant;
  }

  /** One grant per client, API and subject type: a client may hold a client and a user grant for an API. */
  async create(input: { client_id: string; audience: string; scope?: string[]; subject_type?: GrantSubjectType }): Promise<ClientGrant> {
    if (!(await this.stores.clients.findById(input.client_id))) throw clientNotFound();
    const scope = input.scope ?? [];
    const subject_type = input.subject_type ?? 'client';
    await this.checkScopes(input.audience, scope);
    try {
      return await this.stores.clientGrants.create({ id: newClientGrantId(), client_id: input.client_id, audience: input.audience, scope, subject_type });
    } catch (err) {
      if (err instanceof DuplicateError) throw conflict(`A ${subject_type} grant for this client and audience already exists.`, 'conflict');
      throw err;
    }
  }

  async update(id: string, input: { scope?: string[] }): Promise<ClientGrant> {
    const current = await this.get(id);
    if (input.scope === undefined) return current;
    await this.checkScopes(current.audience, input.scope);
    const next = { ...current, scope: input.scope };
    if (!(await this.stores.clientGrants.replace(next))) throw clientGrantNotFound();
    return next;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.stores.clientGrants.delete(id))) throw clientGrantNotFound();
  }
}
