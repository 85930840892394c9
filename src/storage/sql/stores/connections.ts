import type { Selectable } from 'kysely';
import type { Connection, NewConnection } from '../../../domain/connection.ts';
import type { ConnectionStore } from '../../ports.ts';
import type { ConnectionsTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';

type ConnectionData = Pick<Connection, 'is_domain_connection' | 'enabled_clients'> & { options?: Connection['options'] };

export class SqlConnectionStore implements ConnectionStore {
  constructor(private readonly scope: TenantScope) {}

  private toConnection(r: Selectable<ConnectionsTable>): Connection {
    const data = JSON.parse(r.data) as ConnectionData;
    return {
      tenantId: this.scope.tenantId,
      id: r.id,
      name: r.name,
      strategy: r.strategy as Connection['strategy'],
      is_domain_connection: data.is_domain_connection,
      enabled_clients: data.enabled_clients,
      options: data.options ?? {},
      createdAt: new Date(r.created_at),
    };
  }

  async ensure(c: NewConnection): Promise<Connection> {
    const data: ConnectionData = { is_domain_connection: c.is_domain_connection, enabled_clients: c.enabled_clients, options: c.options };
    // Two first uses may race: the unique (tenant_id, name) lets exactly one insert win.
    await this.scope
      .insertInto('connections', { id: c.id, name: c.name, strategy: c.strategy, data: JSON.stringify(data), created_at: Date.now() })
      .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
      .execute();
    const row = await this.scope.selectFrom('connections').selectAll().where('name', '=', c.name).executeTakeFirstOrThrow();
    return this.toConnection(row);
  }

  async findById(id: string) {
    const row = await this.scope.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.toConnection(row);
  }

  async list() {
    const rows = await this.scope.selectFrom('connections').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => this.toConnection(r));
  }

  async setEnabledClients(id: string, clientIds: string[]) {
    return this.changeData(id, { enabled_clients: clientIds });
  }

  async setOptions(id: string, options: Connection['options']) {
    return this.changeData(id, { options });
  }

  private async changeData(id: string, change: Partial<ConnectionData>) {
    const row = await this.scope.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return false;
    const data: ConnectionData = { ...(JSON.parse(row.data) as ConnectionData), ...change };
    const res = await this.scope
      .updateTable('connections')
      .set({ data: JSON.stringify(data) })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}
