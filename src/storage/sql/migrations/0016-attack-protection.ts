import type { Kysely } from 'kysely';
import { FULL_ACCESS_BEFORE as BEFORE_0014, NEW_SCOPES as ADDED_BY_0014 } from './0014-accounts.ts';
import { addManagementScopes } from './management-scopes.ts';
import type { DialectMigration } from './migration.ts';

/** The Management API scopes this migration adds (domain/management-scopes.ts). */
export const NEW_SCOPES = [
  { value: 'read:attack_protection', description: 'Read attack protection' },
  { value: 'update:attack_protection', description: 'Update attack protection' },
];

/** Scopes every tenant's full-access Management client held before this migration. */
export const FULL_ACCESS_BEFORE = [...BEFORE_0014, ...ADDED_BY_0014.map((s) => s.value)];

// Attack protection: a tenant's brute-force settings, and failure counts that say whom they are
// about (identifier, client network, connection) so that Auth0's user-blocks API can list and lift
// blocks. Existing tenants' Management APIs learn the scopes that manage the settings, and the
// clients that held every scope keep doing so.
export const attackProtection: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('attack_protection')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
      .addColumn('brute_force_protection', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    for (const column of ['identifier', 'ip', 'connection']) await db.schema.alterTable('login_failures').addColumn(column, 'text').execute();
    await db.schema.createIndex('login_failures_identifier').on('login_failures').columns(['tenant_id', 'identifier']).execute();

    await addManagementScopes(db, NEW_SCOPES, FULL_ACCESS_BEFORE);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('login_failures_identifier').execute();
    for (const column of ['connection', 'ip', 'identifier']) await db.schema.alterTable('login_failures').dropColumn(column).execute();
    await db.schema.dropTable('attack_protection').execute();
  },
});
