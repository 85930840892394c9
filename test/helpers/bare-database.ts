// An empty database of one dialect, opened without migrations, for tests that walk the schema
// up to an older version, store rows as they were then, and upgrade.
import fs from 'node:fs';
import { Migrator, type Kysely } from 'kysely';
import { openDatabase, type OpenDatabase } from '../../src/storage/sql/database.ts';
import { InlineMigrationProvider } from '../../src/storage/sql/migrations/index.ts';
import { freshPostgresDatabase, tempDir } from './server.ts';

export interface BareDatabase {
  open: OpenDatabase;
  migrator: Migrator;
  close(): Promise<void>;
}

export async function bareDatabase(dialect: 'sqlite' | 'postgres'): Promise<BareDatabase> {
  const dataDir = tempDir();
  const pg = dialect === 'postgres' ? await freshPostgresDatabase() : undefined;
  const open = openDatabase({ databaseUrl: pg?.url, dataDir });
  return {
    open,
    migrator: new Migrator({ db: open.db, provider: new InlineMigrationProvider(open.dialect) }),
    async close() {
      await open.destroy();
      await pg?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const AUDIENCE = 'https://t1.test/api/v2/';

/**
 * Tenant `t1` with its system Management API holding `scopes`, and one client grant on it per
 * entry of `grants` (id -> scopes): for the migrations that hand out new Management API scopes.
 */
export async function seedManagementApi(db: Kysely<any>, scopes: readonly string[], grants: Record<string, readonly string[]>): Promise<void> {
  const now = Date.now();
  await db.insertInto('tenants').values({ id: 't1', name: 't1', domain: 't1.test', is_default: 1, settings: '{}', created_at: now, updated_at: now }).execute();
  await db
    .insertInto('resource_servers')
    .values({
      tenant_id: 't1',
      id: 'rs_mgmt',
      identifier: AUDIENCE,
      name: 'Management API',
      is_system: 1,
      data: JSON.stringify({ scopes: scopes.map((value) => ({ value, description: value })) }),
      created_at: now,
    })
    .execute();
  await db
    .insertInto('client_grants')
    .values(
      Object.entries(grants).map(([id, scope]) => ({
        tenant_id: 't1',
        id,
        client_id: id,
        audience: AUDIENCE,
        scope: JSON.stringify(scope),
        subject_type: 'client',
        created_at: now,
      })),
    )
    .execute();
}

/** The Management API's scopes and each client grant's, after a migration. */
export async function managementScopes(db: Kysely<any>): Promise<{ api: { value: string; description: string }[]; grants: [string, string[]][] }> {
  const api = await db.selectFrom('resource_servers').select('data').where('id', '=', 'rs_mgmt').executeTakeFirstOrThrow();
  const grants = await db.selectFrom('client_grants').select(['id', 'scope']).orderBy('id').execute();
  return {
    api: (JSON.parse(api.data) as { scopes: { value: string; description: string }[] }).scopes,
    grants: grants.map((g: { id: string; scope: string }) => [g.id, JSON.parse(g.scope) as string[]]),
  };
}
