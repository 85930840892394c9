import type { Selectable } from 'kysely';
import type { Client, NewClient, Unused, UnusedClient } from '../../../domain/client.ts';
import type { SecretBox } from '../../secret-box.ts';
import type { ClientListQuery, ClientStore, NewLogEntry, UnusedPage } from '../../ports.ts';
import type { GroupCommit } from '../group-commit.ts';
import { logRow } from './logs.ts';
import type { ClientsTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';
import { uniquely } from '../errors.ts';
import { containsIgnoringCase } from '../like.ts';
import { deleteUnused, deleteUserGrants, dynamicallyRegistered, findUnused, isUnused, recordUse } from './client-usage.ts';

// Columns hold what is filtered or searched; the rest of the client is one JSON document.
type ClientData = Omit<Client, 'tenantId' | 'client_id' | 'client_secret' | 'name' | 'app_type' | 'is_first_party' | 'createdAt' | 'updatedAt' | 'lastUsedAt'>;

export class SqlClientStore implements ClientStore {
  constructor(
    private readonly scope: TenantScope,
    private readonly box: SecretBox,
    /** null inside a transaction, which commits its own writes */
    private readonly groupCommit: GroupCommit | null = null,
  ) {}

  private aad(clientId: string) {
    return `client_secret:${this.scope.tenantId}:${clientId}`;
  }

  private toRow(c: Client) {
    // lastUsedAt has its own writer (recordUse): replacing a client never moves it.
    const { tenantId: _t, client_id, client_secret, name, app_type, is_first_party, createdAt, updatedAt, lastUsedAt: _u, ...data } = c;
    return {
      client_id,
      name,
      app_type,
      is_first_party: is_first_party ? 1 : 0,
      secret_sealed: client_secret === null ? null : this.box.seal(client_secret, this.aad(client_id)),
      data: JSON.stringify(data satisfies ClientData),
      created_at: createdAt.getTime(),
      updated_at: updatedAt.getTime(),
    };
  }

  private toClient(r: Selectable<ClientsTable>): Client {
    const data = JSON.parse(r.data) as ClientData;
    return {
      ...data,
      tenantId: this.scope.tenantId,
      client_id: r.client_id,
      client_secret: r.secret_sealed === null ? null : this.box.open(r.secret_sealed, this.aad(r.client_id)),
      name: r.name,
      app_type: r.app_type as Client['app_type'],
      is_first_party: r.is_first_party === 1,
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
      lastUsedAt: r.last_used_at === null || r.last_used_at === undefined ? null : new Date(Number(r.last_used_at)),
    };
  }

  async create(input: NewClient): Promise<Client> {
    const now = new Date();
    const client: Client = { ...input, tenantId: this.scope.tenantId, createdAt: now, updatedAt: now, lastUsedAt: null };
    await uniquely('client', () => this.scope.insertInto('clients', { ...this.toRow(client), usage_tracked_from: now.getTime() }).execute());
    return client;
  }

  async createWithAudit(input: NewClient, audit: NewLogEntry): Promise<Client> {
    const now = new Date();
    const client: Client = { ...input, tenantId: this.scope.tenantId, createdAt: now, updatedAt: now, lastUsedAt: null };
    const clientRow = { ...this.toRow(client), usage_tracked_from: now.getTime() };
    const log = logRow(audit).row;
    const commit = this.groupCommit;
    await uniquely('client', async () => {
      if (commit) {
        await commit.submit([
          { table: 'clients', row: this.scope.row<'clients'>(clientRow) },
          { table: 'tenant_logs', row: this.scope.row<'tenant_logs'>(log) },
        ]);
      } else {
        await this.scope.insertInto('clients', clientRow).execute();
        await this.scope.insertInto('tenant_logs', log).execute();
      }
    });
    return client;
  }

  /** Read through the cache: the token endpoint looks the client up on every request. */
  findById(clientId: string, options: { fresh?: boolean } = {}) {
    const load = async () => {
      const row = await this.scope.selectFrom('clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
      return row && this.toClient(row);
    };
    return options.fresh ? load() : this.scope.cached('clients', clientId, load);
  }

  async list(q: ClientListQuery) {
    let base = this.scope.selectFrom('clients');
    if (q.isFirstParty !== undefined) base = base.where('is_first_party', '=', q.isFirstParty ? 1 : 0);
    if (q.appTypes?.length) base = base.where('app_type', 'in', q.appTypes);
    if (q.search) {
      const search = q.search;
      base = base.where((eb) => eb.or([eb('client_id', '=', search), containsIgnoringCase('name', search)]));
    }
    if (q.dynamicallyRegistered !== undefined) {
      const dynamic = q.dynamicallyRegistered;
      base = base.where((eb) => (dynamic ? dynamicallyRegistered(eb) : eb.not(dynamicallyRegistered(eb))));
    }
    // A client imported from a metadata document has the document's URL as its client_id; no
    // other client_id is a URL.
    if (q.externalClientId !== undefined) base = base.where('client_id', '=', /^https:\/\//.test(q.externalClientId) ? q.externalClientId : '');
    if (q.unused) {
      const unused = q.unused;
      base = base.where((eb) => isUnused(eb, unused));
    }
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        .orderBy('created_at')
        .orderBy('client_id')
        .limit(q.perPage)
        .offset(q.page * q.perPage)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { clients: rows.map((r) => this.toClient(r)), total: Number(count.n) };
  }

  async replace(client: Client, options: { ifUpdatedAt?: Date } = {}) {
    const { client_id: _id, created_at: _c, ...row } = this.toRow({ ...client, updatedAt: new Date() });
    let update = this.scope.updateTable('clients').set(row).where('client_id', '=', client.client_id);
    if (options.ifUpdatedAt) update = update.where('updated_at', '=', options.ifUpdatedAt.getTime());
    const res = await update.executeTakeFirst();
    return this.scope.changed(Number(res.numUpdatedRows) > 0);
  }

  async countDynamicallyRegistered() {
    const row = await this.scope
      .selectFrom('clients')
      .where(dynamicallyRegistered)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countDynamicallyRegisteredExclusively() {
    await this.scope.lockTenant('registrations');
    return this.countDynamicallyRegistered();
  }

  /** With what the client's users granted it: consents, refresh tokens, codes in flight. */
  delete(clientId: string) {
    return this.scope.atomically(
      async (tx) => {
        const res = await tx.deleteFrom('clients').where('client_id', '=', clientId).executeTakeFirst();
        if (Number(res.numDeletedRows) === 0) return false;
        await deleteUserGrants(tx, [clientId]);
        return true;
      },
      (deleted) => deleted,
    );
  }

  /** Recording a use changes nothing a cache holds, so no change is reported (see migration 0009). */
  recordUse(clientId: string, at: Date, intervalMs: number) {
    return recordUse(this.scope, clientId, at, intervalMs);
  }

  findUnused(unused: Unused, page: UnusedPage) {
    return findUnused(this.scope, unused, page);
  }

  deleteUnused(clientIds: string[], unused: Unused, audit: (client: UnusedClient) => NewLogEntry) {
    return deleteUnused(this.scope, clientIds, unused, audit);
  }
}
