// For migrations that give the Management API new scopes: every tenant's system API learns them,
// and every client grant on it that held all the scopes there were before gets them too (the
// tenant's full-access Management client keeps full access). Idempotent.
import type { Kysely } from 'kysely';

export interface ScopeDefinition {
  value: string;
  description: string;
}

export async function addManagementScopes(db: Kysely<any>, added: readonly ScopeDefinition[], fullAccessBefore: readonly string[]): Promise<void> {
  const systemApis = await db.selectFrom('resource_servers').select(['tenant_id', 'id', 'identifier', 'data']).where('is_system', '=', 1).execute();
  for (const api of systemApis) {
    const data = JSON.parse(api.data) as { scopes?: ScopeDefinition[] };
    const scopes = data.scopes ?? [];
    const missing = added.filter((s) => !scopes.some((x) => x.value === s.value));
    if (missing.length) {
      await db
        .updateTable('resource_servers')
        .set({ data: JSON.stringify({ ...data, scopes: [...scopes, ...missing] }) })
        .where('tenant_id', '=', api.tenant_id)
        .where('id', '=', api.id)
        .execute();
    }
    const grants = await db
      .selectFrom('client_grants')
      .select(['id', 'scope'])
      .where('tenant_id', '=', api.tenant_id)
      .where('audience', '=', api.identifier)
      .execute();
    for (const grant of grants) {
      const scope = JSON.parse(grant.scope) as string[];
      if (!fullAccessBefore.every((s) => scope.includes(s))) continue;
      const granted = added.map((s) => s.value).filter((s) => !scope.includes(s));
      if (granted.length) {
        await db
          .updateTable('client_grants')
          .set({ scope: JSON.stringify([...scope, ...granted]) })
          .where('tenant_id', '=', api.tenant_id)
          .where('id', '=', grant.id)
          .execute();
      }
    }
  }
}
