// For the suites of migrations that give the Management API new scopes: a tenant stored as it was
// before (its Management API, a full-access grant and a narrow one), and what it holds after.
import type { Kysely } from 'kysely';

/** Tenant t1 with a Management API offering `before`, grant `full` holding all of it and grant `narrow` holding read:users. */
export async function seedManagementApi(db: Kysely<any>, before: readonly string[]): Promise<void> {
  const now = Date.now();
  await db.insertInto('tenants').values({ id: 't1', name: 't1', domain: 't1.test', is_default: 1, settings: '{}', created_at: now, updated_at: now }).execute();
  await db
    .insertInto('resource_servers')
    .values({
      tenant_id: 't1',
      id: 'rs_mgmt',
      identifier: 'https://t1.test/api/v2/',
      name: 'Management API',
      is_system: 1,
      data: JSON.stringify({ scopes: before.map((value) => ({ value, description: value })) }),
      created_at: now,
    })
    .execute();
  const grant = (id: string, scope: readonly string[]) => ({
    tenant_id: 't1',
    id,
    client_id: id,
    audience: 'https://t1.test/api/v2/',
    scope: JSON.stringify(scope),
    subject_type: 'client',
    created_at: now,
  });
  await db
    .insertInto('client_grants')
    .values([grant('full', before), grant('narrow', ['read:users'])])
    .execute();
}

/** The Management API's scopes and each grant's scopes, by grant id. */
export async function managementScopes(db: Kysely<any>): Promise<{ api: { value: string; description: string }[]; grants: [string, string[]][] }> {
  const api = await db.selectFrom('resource_servers').select('data').where('id', '=', 'rs_mgmt').executeTakeFirstOrThrow();
  const grants = await db.selectFrom('client_grants').select(['id', 'scope']).orderBy('id').execute();
  return {
    api: (JSON.parse(api.data) as { scopes: { value: string; description: string }[] }).scopes,
    grants: grants.map((g: { id: string; scope: string }) => [g.id, JSON.parse(g.scope) as string[]]),
  };
}
