import type { Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

// The jti of every client assertion used (private_key_jwt, RFC 7523 §3), until the assertion
// expires: the primary key makes the insert that records a use succeed once, across instances.
export const clientAssertionJtis: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('client_assertion_jtis')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('jti', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('client_assertion_jtis_pk', ['tenant_id', 'client_id', 'jti'])
      .execute();
    await db.schema.createIndex('client_assertion_jtis_tenant_expires').on('client_assertion_jtis').columns(['tenant_id', 'expires_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('client_assertion_jtis').execute();
  },
});
