import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';
import { addManagementScopes } from './management-scopes.ts';
import { FULL_ACCESS_BEFORE as BEFORE_0019, NEW_SCOPES as ADDED_BY_0019 } from './0019-signing-key-rotation.ts';

/** The Management API scopes this migration adds (domain/management-scopes.ts). */
export const NEW_SCOPES = [{ value: 'read:stats', description: 'Read stats' }];

/** Scopes every tenant's full-access Management client held before this migration. */
export const FULL_ACCESS_BEFORE = [...BEFORE_0019, ...ADDED_BY_0019.map((s) => s.value)];

// Sign-in logs and the activity view: the user of an entry gets a column of its own (filtering
// by user_id reads an index, not the JSON details), entries are indexed by time alone (date
// ranges over every type, the activity counts), and the Management API learns read:stats.
export const logActivity: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('tenant_logs').addColumn('user_id', 'text').execute();
    if (dialect === 'postgres') await sql`update tenant_logs set user_id = details::json->>'user_id' where details like '%"user_id"%'`.execute(db);
    else await sql`update tenant_logs set user_id = json_extract(details, '$.user_id') where details like '%"user_id"%'`.execute(db);
    await db.schema.createIndex('tenant_logs_tenant_created').on('tenant_logs').columns(['tenant_id', 'created_at']).execute();
    await db.schema.createIndex('tenant_logs_tenant_user_created').on('tenant_logs').columns(['tenant_id', 'user_id', 'created_at']).execute();
    await addManagementScopes(db, NEW_SCOPES, FULL_ACCESS_BEFORE);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('tenant_logs_tenant_user_created').execute();
    await db.schema.dropIndex('tenant_logs_tenant_created').execute();
    await db.schema.alterTable('tenant_logs').dropColumn('user_id').execute();
  },
});
