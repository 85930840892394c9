import type { Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

// Every tenant-owned table leads with tenant_id so that its primary key and indexes
// are tenant-first (DESIGN.md: tenant scoping lives in the storage layer).
export const initial: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('tenants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('domain', 'text', (c) => c.notNull().unique())
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('signing_keys')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('kid', 'text', (c) => c.notNull())
      .addColumn('alg', 'text', (c) => c.notNull())
      .addColumn('public_jwk', 'text', (c) => c.notNull())
      .addColumn('private_key_sealed', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('signing_keys_pk', ['tenant_id', 'kid'])
      .execute();

    await db.schema
      .createTable('clients')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('app_type', 'text', (c) => c.notNull())
      .addColumn('is_first_party', 'integer', (c) => c.notNull())
      .addColumn('secret_sealed', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('clients_pk', ['tenant_id', 'client_id'])
      .execute();
    await db.schema.createIndex('clients_tenant_created').on('clients').columns(['tenant_id', 'created_at']).execute();

    await db.schema
      .createTable('resource_servers')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('identifier', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('is_system', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('resource_servers_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('resource_servers_identifier', ['tenant_id', 'identifier'])
      .execute();

    await db.schema
      .createTable('client_grants')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('client_grants_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('client_grants_client_audience', ['tenant_id', 'client_id', 'audience'])
      .execute();

    await db.schema
      .createTable('tenant_logs')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('client_id', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('tenant_logs_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('tenant_logs_tenant_type_created').on('tenant_logs').columns(['tenant_id', 'type', 'created_at']).execute();

    await db.schema
      .createTable('operators')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('operator_tenants')
      .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('operator_tenants_pk', ['operator_id', 'tenant_id'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['operator_tenants', 'operators', 'tenant_logs', 'client_grants', 'resource_servers', 'clients', 'signing_keys', 'tenants']) {
      await db.schema.dropTable(t).execute();
    }
  },
});
