import type { Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

// Dashboard sessions of operators. Operators are not tenant users, so these rows belong to no
// tenant; the cookie value is stored only as its SHA-256.
export const operatorSessions: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('operator_sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('idle_expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('operator_sessions_expires').on('operator_sessions').column('expires_at').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('operator_sessions').execute();
  },
});
