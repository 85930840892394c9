import type { Selectable } from 'kysely';
import type { ClientGrant, GrantSubjectType, NewClientGrant, NewResourceServer, ResourceServer } from '../../../domain/resource-server.ts';
import type { ClientGrantStore, ResourceServerStore } from '../../ports.ts';
import type { ClientGrantsTable, ResourceServersTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';
import { uniquely } from '../errors.ts';

type RsData = Omit<ResourceServer, 'tenantId' | 'id' | 'identifier' | 'name' | 'is_system' | 'createdAt'>;

export class SqlResourceServerStore implements ResourceServerStore {
  constructor(private readonly scope: TenantScope) {}

  private toRs(r: Selectable<ResourceServersTable>): ResourceServer {
    return {
      ...(JSON.parse(r.data) as RsData),
      tenantId: this.scope.tenantId,
      id: r.id,
      identifier: r.identifier,
      name: r.name,
      is_system: r.is_system === 1,
      createdAt: new Date(r.created_at),
    };
  }

  private data(rs: NewResourceServer): string {
    const { id: _i, identifier: _d, name: _n, is_system: _s, ...data } = rs as ResourceServer;
    const { tenantId: _t, createdAt: _c, ...rest } = data as RsData & { tenantId?: string; createdAt?: Date };
    return JSON.stringify(rest);
  }

  async create(rs: NewResourceServer) {
    const created_at = Date.now();
    await uniquely('resource server', () =>
      this.scope
        .insertInto('resource_servers', {
          id: rs.id,
          identifier: rs.identifier,
          name: rs.name,
          is_system: rs.is_system ? 1 : 0,
          data: this.data(rs),
          created_at,
        })
        .execute(),
    );
    return { ...rs, tenantId: this.scope.tenantId, createdAt: new Date(created_at) };
  }

  async findById(id: string) {
    const row = await this.scope.selectFrom('resource_servers').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.toRs(row);
  }

  /** Read through the cache: token requests name their API by identifier. */
  findByIdentifier(identifier: string) {
    return this.scope.cached('resource_servers', identifier, async () => {
      const row = await this.scope.selectFrom('resource_servers').selectAll().where('identifier', '=', identifier).executeTakeFirst();
      return row && this.toRs(row);
    });
  }

  async list(page: number, perPage: number, filter: { identifiers?: readonly string[] } = {}) {
    const ids = filter.identifiers;
    const all = this.scope.selectFrom('resource_servers');
    const base = ids ? all.where('identifier', 'in', ids.length ? [...ids] : ['']) : all;
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .limit(perPage)
        .offset(page * perPage)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => this.toRs(r)), total: Number(count.n) };
  }

  async replace(rs: ResourceServer) {
    const res = await this.scope
      .updateTable('resource_servers')
      .set({ name: rs.name, data: this.data(rs) })
      .where('id', '=', rs.id)
      .executeTakeFirst();
    return this.scope.changed(Number(res.numUpdatedRows) > 0);
  }

  async changeIdentifier(id: string, identifier: string) {
    const current = await this.findById(id);
    if (!current) return false;
    await uniquely('resource server', () => this.scope.updateTable('resource_servers').set({ identifier }).where('id', '=', id).execute());
    await this.scope.updateTable('client_grants').set({ audience: identifier }).where('audience', '=', current.identifier).execute();
    return this.scope.changed(true);
  }

  async delete(id: string) {
    const res = await this.scope.deleteFrom('resource_servers').where('id', '=', id).executeTakeFirst();
    return this.scope.changed(Number(res.numDeletedRows) > 0);
  }
}

export class SqlClientGrantStore implements ClientGrantStore {
  constructor(private readonly scope: TenantScope) {}

  private toGrant(r: Selectable<ClientGrantsTable>): ClientGrant {
    return {
      tenantId: this.scope.tenantId,
      id: r.id,
      client_id: r.client_id,
      audience: r.audience,
      scope: JSON.parse(r.scope),
      subject_type: r.subject_type === 'user' ? 'user' : 'client',
      createdAt: new Date(r.created_at),
    };
  }

  async create(input: NewClientGrant): Promise<ClientGrant> {
    const g = { ...input, subject_type: input.subject_type ?? 'client' };
    const created_at = Date.now();
    await uniquely('client grant', () =>
      this.scope
        .insertInto('client_grants', {
          id: g.id,
          client_id: g.client_id,
          audience: g.audience,
          scope: JSON.stringify(g.scope),
          subject_type: g.subject_type,
          created_at,
        })
        .execute(),
    );
    return { ...g, tenantId: this.scope.tenantId, createdAt: new Date(created_at) };
  }

  async findById(id: string) {
    const row = await this.scope.selectFrom('client_grants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.toGrant(row);
  }

  /** Read through the cache: token requests check it on every request. */
  findFor(clientId: string, audience: string, subjectType: GrantSubjectType) {
    return this.scope.cached('client_grants', `${clientId}\u0000${audience}\u0000${subjectType}`, async () => {
      const row = await this.scope
        .selectFrom('client_grants')
        .selectAll()
        .where('client_id', '=', clientId)
        .where('audience', '=', audience)
        .where('subject_type', '=', subjectType)
        .executeTakeFirst();
      return row && this.toGrant(row);
    });
  }

  async list(filter: { clientId?: string; audience?: string; subjectType?: GrantSubjectType }) {
    let q = this.scope.selectFrom('client_grants').selectAll();
    if (filter.clientId !== undefined) q = q.where('client_id', '=', filter.clientId);
    if (filter.audience !== undefined) q = q.where('audience', '=', filter.audience);
    if (filter.subjectType !== undefined) q = q.where('subject_type', '=', filter.subjectType);
    return (await q.orderBy('created_at').orderBy('id').execute()).map((r) => this.toGrant(r));
  }

  async replace(g: ClientGrant) {
    const res = await this.scope
      .updateTable('client_grants')
      .set({ scope: JSON.stringify(g.scope) })
      .where('id', '=', g.id)
      .executeTakeFirst();
    return this.scope.changed(Number(res.numUpdatedRows) > 0);
  }

  async delete(id: string) {
    const res = await this.scope.deleteFrom('client_grants').where('id', '=', id).executeTakeFirst();
    return this.scope.changed(Number(res.numDeletedRows) > 0);
  }

  async deleteForClient(clientId: string) {
    const res = await this.scope.deleteFrom('client_grants').where('client_id', '=', clientId).executeTakeFirst();
    return this.scope.changed(Number(res.numDeletedRows));
  }
}
