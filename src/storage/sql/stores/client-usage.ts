// When clients were last used, and the clean-up of dynamically registered ones left unused
// (RFC 7591 §5: a server may expire registrations). Kept apart from the client store's CRUD.
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Unused, UnusedClient } from '../../../domain/client.ts';
import type { NewLogEntry } from '../../ports.ts';
import type { Database } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';
import { logRow } from './logs.ts';

type Clients = ExpressionBuilder<Database, 'clients'>;

/** Self-registered clients are third-party and carry their registration record in `data`. */
export function dynamicallyRegistered(eb: Clients) {
  return eb.and([eb('clients.is_first_party', '=', 0), eb('clients.data', 'like', '%"dynamic_registration":{%')]);
}

/**
 * A client's unused clock starts at the later of its creation and the start of its record of
 * use (migration 0009), so clients older than the upgrade are not taken for never used.
 */
const clockStart = sql<number>`case when ${sql.ref('clients.usage_tracked_from')} > ${sql.ref('clients.created_at')} then ${sql.ref('clients.usage_tracked_from')} else ${sql.ref('clients.created_at')} end`;

export function isUnused(eb: Clients, unused: Unused) {
  // Never used since it exists: no use recorded, and recording began when it was created.
  if ('never' in unused) return eb.and([eb('clients.last_used_at', 'is', null), eb('clients.usage_tracked_from', '<=', eb.ref('clients.created_at'))]);
  const before = unused.before.getTime();
  return eb.or([eb('clients.last_used_at', '<', before), eb.and([eb('clients.last_used_at', 'is', null), eb(clockStart, '<', before)])]);
}

/** One conditional UPDATE: writes only if no use was recorded within `intervalMs` before `at`. */
export async function recordUse(scope: TenantScope, clientId: string, at: Date, intervalMs: number): Promise<boolean> {
  const ms = at.getTime();
  const res = await scope
    .updateTable('clients')
    .set({ last_used_at: ms })
    .where('client_id', '=', clientId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', ms - intervalMs)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

function selectUnused(q: SelectQueryBuilder<Database, 'clients', {}>) {
  return q.select(['clients.client_id', 'clients.name', 'clients.created_at', 'clients.last_used_at', 'clients.usage_tracked_from']);
}

function toUnused(r: { client_id: string; name: string; created_at: number; last_used_at: number | null; usage_tracked_from: number }): UnusedClient {
  return {
    client_id: r.client_id,
    name: r.name,
    createdAt: new Date(Number(r.created_at)),
    lastUsedAt: r.last_used_at === null ? null : new Date(Number(r.last_used_at)),
    usageTrackedFrom: new Date(Math.max(Number(r.usage_tracked_from), Number(r.created_at))),
  };
}

/** A page of unused dynamically registered clients after `after`, by primary key (one pass over the tenant in all). */
export async function findUnused(scope: TenantScope, unused: Unused, page: { after?: string; limit: number }): Promise<UnusedClient[]> {
  let q = scope.selectFrom('clients').where((eb) => eb.and([dynamicallyRegistered(eb), isUnused(eb, unused)]));
  if (page.after !== undefined) q = q.where('client_id', '>', page.after);
  const rows = await selectUnused(q).orderBy('client_id').limit(page.limit).execute();
  return rows.map(toUnused);
}

/** See ClientStore.deleteUnused. */
export function deleteUnused(scope: TenantScope, clientIds: string[], unused: Unused, audit: (client: UnusedClient) => NewLogEntry): Promise<UnusedClient[]> {
  if (clientIds.length === 0) return Promise.resolve([]);
  return scope.atomically(
    async (tx) => {
      // Re-checked in the transaction: a client used since it was found stays.
      const rows = await selectUnused(
        tx
          .selectFrom('clients')
          .where('client_id', 'in', clientIds)
          .where((eb) => eb.and([dynamicallyRegistered(eb), isUnused(eb, unused)])),
      ).execute();
      const ids = rows.map((r) => r.client_id);
      if (ids.length === 0) return [];
      const res = await tx
        .deleteFrom('clients')
        .where('client_id', 'in', ids)
        .where((eb) => isUnused(eb, unused))
        .returning('client_id')
        .execute();
      const deleted = new Set(res.map((r) => r.client_id));
      const gone = rows.filter((r) => deleted.has(r.client_id)).map(toUnused);
      const goneIds = gone.map((c) => c.client_id);
      if (goneIds.length === 0) return [];
      await tx.deleteFrom('client_grants').where('client_id', 'in', goneIds).execute();
      await deleteUserGrants(tx, goneIds);
      await dropFromConnections(tx, deleted);
      await tx
        .insertMany(
          'tenant_logs',
          gone.map((client) => logRow(audit(client)).row),
        )
        .execute();
      return gone;
    },
    (gone) => gone.length > 0,
  );
}

/** What users granted these clients: consents, refresh tokens, authorization codes. */
export async function deleteUserGrants(tx: TenantScope, clientIds: string[]): Promise<void> {
  await tx.deleteFrom('consent_grants').where('client_id', 'in', clientIds).execute();
  await tx.deleteFrom('refresh_tokens').where('client_id', 'in', clientIds).execute();
  await tx.deleteFrom('authorization_codes').where('client_id', 'in', clientIds).execute();
}

/** Connections list the clients they serve in their data (enabled_clients). */
async function dropFromConnections(tx: TenantScope, deleted: ReadonlySet<string>): Promise<void> {
  const rows = await tx.selectFrom('connections').select(['id', 'data']).execute();
  for (const row of rows) {
    const data = JSON.parse(row.data) as { enabled_clients?: string[] };
    const kept = data.enabled_clients?.filter((id) => !deleted.has(id));
    if (!kept || kept.length === data.enabled_clients!.length) continue;
    await tx
      .updateTable('connections')
      .set({ data: JSON.stringify({ ...data, enabled_clients: kept }) })
      .where('id', '=', row.id)
      .execute();
  }
}
