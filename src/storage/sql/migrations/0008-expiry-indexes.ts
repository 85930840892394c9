import type { Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

// The periodic clean-up finds expired refresh tokens and stale sign-in failure counts per
// tenant by these columns (the other swept tables have such indexes already).
export const expiryIndexes: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('refresh_tokens_tenant_expires').on('refresh_tokens').columns(['tenant_id', 'expires_at']).execute();
    await db.schema.createIndex('login_failures_tenant_updated').on('login_failures').columns(['tenant_id', 'updated_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('login_failures_tenant_updated').execute();
    await db.schema.dropIndex('refresh_tokens_tenant_expires').execute();
  },
});
