import type { Kysely } from 'kysely';
import { addManagementScopes } from './management-scopes.ts';
import type { DialectMigration } from './migration.ts';

/** The Management API scopes this migration adds (domain/management-scopes.ts). */
export const NEW_SCOPES = [
  { value: 'read:initial_access_tokens', description: 'Read initial access tokens' },
  { value: 'create:initial_access_tokens', description: 'Create initial access tokens' },
  { value: 'delete:initial_access_tokens', description: 'Delete initial access tokens' },
];

/** Scopes every tenant's full-access Management client was given before this migration. */
export const FULL_ACCESS_BEFORE = [
  ...['read:tenant_settings', 'update:tenant_settings', 'read:client_keys', 'update:client_keys', 'read:logs'],
  ...['clients', 'resource_servers', 'client_grants', 'users', 'connections'].flatMap((o) => ['read', 'create', 'update', 'delete'].map((v) => `${v}:${o}`)),
];

// Initial access tokens (RFC 7591 §3), kept under their SHA-256. Existing tenants' Management
// APIs learn the scopes that manage them, and the clients that held every scope keep doing so.
export const registrationTokens: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('initial_access_tokens')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('max_uses', 'integer', (c) => c.notNull())
      .addColumn('uses', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('initial_access_tokens_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('initial_access_tokens_hash', ['tenant_id', 'token_hash'])
      .execute();

    await addManagementScopes(db, NEW_SCOPES, FULL_ACCESS_BEFORE);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('initial_access_tokens').execute();
  },
});
