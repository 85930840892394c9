import type { ConsentStore } from '../../ports.ts';
import type { TenantScope } from '../tenant-scope.ts';

export class SqlConsentStore implements ConsentStore {
  constructor(private readonly scope: TenantScope) {}

  async find(userId: string, clientId: string, audience: string) {
    const r = await this.scope
      .selectFrom('consent_grants')
      .select('scope')
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .where('audience', '=', audience)
      .executeTakeFirst();
    return r ? (JSON.parse(r.scope) as string[]) : undefined;
  }

  async grant(userId: string, clientId: string, audience: string, scopes: string[]) {
    const now = Date.now();
    const merged = [...new Set([...((await this.find(userId, clientId, audience)) ?? []), ...scopes])];
    const scope = JSON.stringify(merged);
    await this.scope
      .insertInto('consent_grants', { user_id: userId, client_id: clientId, audience, scope, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'client_id', 'audience']).doUpdateSet({ scope, updated_at: now }))
      .execute();
  }

  async deleteForClient(clientId: string) {
    const res = await this.scope.deleteFrom('consent_grants').where('client_id', '=', clientId).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
