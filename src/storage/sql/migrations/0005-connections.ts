import type { Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

export const connections: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('connections')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('strategy', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('connections_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('connections_name', ['tenant_id', 'name'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('connections').execute();
  },
});
