import type { Kysely } from 'kysely';
import { FULL_ACCESS_BEFORE as BEFORE_0011, NEW_SCOPES as ADDED_BY_0011 } from './0011-registration-tokens.ts';
import { addManagementScopes } from './management-scopes.ts';
import type { DialectMigration } from './migration.ts';

/** The Management API scopes this migration adds (domain/management-scopes.ts). */
export const NEW_SCOPES = [
  { value: 'read:email_provider', description: 'Read email provider' },
  { value: 'create:email_provider', description: 'Create email provider' },
  { value: 'update:email_provider', description: 'Update email provider' },
  { value: 'create:user_tickets', description: 'Create user tickets' },
];

/** Scopes every tenant's full-access Management client held before this migration. */
export const FULL_ACCESS_BEFORE = [...BEFORE_0011, ...ADDED_BY_0011.map((s) => s.value)];

// Accounts: a tenant's SMTP provider (its password sealed like client secrets) and user tickets
// (email verification, password change) kept under their SHA-256, single-use, with an expiry.
// Existing tenants' Management APIs learn the scopes that manage them, and the clients that held
// every scope keep doing so.
export const accounts: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('email_providers')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('smtp_host', 'text', (c) => c.notNull())
      .addColumn('smtp_port', 'integer', (c) => c.notNull())
      .addColumn('smtp_user', 'text')
      .addColumn('smtp_pass_sealed', 'text')
      .addColumn('default_from_address', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('user_tickets')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('ticket_hash', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text')
      .addColumn('result_url', 'text')
      .addColumn('mark_email_verified', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_tickets_pk', ['tenant_id', 'ticket_hash'])
      .execute();
    await db.schema.createIndex('user_tickets_expires_at').on('user_tickets').column('expires_at').execute();
    await db.schema.createIndex('user_tickets_user').on('user_tickets').columns(['tenant_id', 'user_id']).execute();

    await addManagementScopes(db, NEW_SCOPES, FULL_ACCESS_BEFORE);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('user_tickets').execute();
    await db.schema.dropTable('email_providers').execute();
  },
});
