import type { Selectable } from 'kysely';
import type { Consent, ConsentFilter, ConsentStore } from '../../ports.ts';
import type { ConsentGrantsTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';
import { newConsentId } from '../../../domain/ids.ts';

type Row = Omit<Selectable<ConsentGrantsTable>, 'tenant_id'>;

const COLUMNS = ['id', 'user_id', 'client_id', 'audience', 'scope', 'created_at', 'updated_at', 'last_used_at'] as const;

function toConsent(r: Row): Consent {
  return {
    id: r.id,
    userId: r.user_id,
    clientId: r.client_id,
    audience: r.audience,
    scopes: JSON.parse(r.scope) as string[],
    createdAt: new Date(Number(r.created_at)),
    updatedAt: new Date(Number(r.updated_at)),
    ...(r.last_used_at !== null ? { lastUsedAt: new Date(Number(r.last_used_at)) } : {}),
  };
}

export class SqlConsentStore implements ConsentStore {
  constructor(private readonly scope: TenantScope) {}

  async find(userId: string, clientId: string, audience: string) {
    const r = await this.scope
      .selectFrom('consent_grants')
      .select(COLUMNS)
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .where('audience', '=', audience)
      .executeTakeFirst();
    return r ? toConsent(r) : undefined;
  }

  async findById(id: string) {
    const r = await this.scope.selectFrom('consent_grants').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return r ? toConsent(r) : undefined;
  }

  async grant(userId: string, clientId: string, audience: string, scopes: string[], at = new Date()) {
    const now = at.getTime();
    const merged = [...new Set([...((await this.find(userId, clientId, audience))?.scopes ?? []), ...scopes])];
    const scope = JSON.stringify(merged);
    await this.scope
      .insertInto('consent_grants', {
        id: newConsentId(),
        user_id: userId,
        client_id: clientId,
        audience,
        scope,
        created_at: now,
        updated_at: now,
        last_used_at: now,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'client_id', 'audience']).doUpdateSet({ scope, updated_at: now, last_used_at: now }))
      .execute();
  }

  async list(filter: ConsentFilter, page: number, perPage: number) {
    let base = this.scope.selectFrom('consent_grants');
    if (filter.userId !== undefined) base = base.where('user_id', '=', filter.userId);
    if (filter.clientId !== undefined) base = base.where('client_id', '=', filter.clientId);
    if (filter.audience !== undefined) base = base.where('audience', '=', filter.audience);
    const [rows, count] = await Promise.all([
      base
        .select(COLUMNS)
        .orderBy('created_at')
        .orderBy('id')
        .limit(perPage)
        .offset(page * perPage)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toConsent), total: Number(count.n) };
  }

  async recordUse(id: string, at: Date, intervalMs: number) {
    const ms = at.getTime();
    await this.scope
      .updateTable('consent_grants')
      .set({ last_used_at: ms })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', ms - intervalMs)]))
      .execute();
  }

  // DELETE ... RETURNING: of concurrent deletions exactly one gets the row.
  async delete(id: string) {
    const r = await this.scope.deleteFrom('consent_grants').where('id', '=', id).returning(COLUMNS).executeTakeFirst();
    return r ? toConsent(r) : undefined;
  }

  async deleteForUser(userId: string, clientId?: string) {
    let q = this.scope.deleteFrom('consent_grants').where('user_id', '=', userId);
    if (clientId !== undefined) q = q.where('client_id', '=', clientId);
    return (await q.returning(COLUMNS).execute()).map(toConsent);
  }

  async deleteForClient(clientId: string) {
    const res = await this.scope.deleteFrom('consent_grants').where('client_id', '=', clientId).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
