import type { Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

export const users: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('users')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('logins_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_login', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('users_pk', ['tenant_id', 'user_id'])
      .addUniqueConstraint('users_email', ['tenant_id', 'email'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('users').execute();
  },
});
