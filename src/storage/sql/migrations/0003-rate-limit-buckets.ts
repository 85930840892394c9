import type { Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

// Token buckets for the open endpoints' rate limits, shared by every instance on one store.
// `double precision` is REAL on SQLite (affinity rules) and float8 on PostgreSQL.
export const rateLimitBuckets: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('rate_limit_buckets')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('tokens', 'double precision', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('rate_limit_buckets_pk', ['tenant_id', 'key'])
      .execute();
    await db.schema.createIndex('rate_limit_buckets_tenant_updated').on('rate_limit_buckets').columns(['tenant_id', 'updated_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('rate_limit_buckets').execute();
  },
});
