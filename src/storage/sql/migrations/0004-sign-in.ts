import type { Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

// Sign-in state: login sessions, authorization codes, refresh tokens, consent grants and
// brute-force counters. Secrets (session ids, codes, refresh tokens) are stored as SHA-256.
export const signIn: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    const tenant = (c: any) => c.notNull().references('tenants.id').onDelete('cascade');

    await db.schema
      .createTable('login_sessions')
      .addColumn('tenant_id', 'text', tenant)
      .addColumn('id_hash', 'text', (c) => c.notNull())
      .addColumn('sid', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('auth_time', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('idle_expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('login_sessions_pk', ['tenant_id', 'id_hash'])
      .execute();
    await db.schema.createIndex('login_sessions_tenant_expires').on('login_sessions').columns(['tenant_id', 'expires_at']).execute();

    await db.schema
      .createTable('authorization_codes')
      .addColumn('tenant_id', 'text', tenant)
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('consumed_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('authorization_codes_pk', ['tenant_id', 'code_hash'])
      .execute();
    await db.schema.createIndex('authorization_codes_tenant_expires').on('authorization_codes').columns(['tenant_id', 'expires_at']).execute();

    await db.schema
      .createTable('refresh_tokens')
      .addColumn('tenant_id', 'text', tenant)
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('family_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('audience', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('rotated_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .addPrimaryKeyConstraint('refresh_tokens_pk', ['tenant_id', 'token_hash'])
      .execute();
    await db.schema.createIndex('refresh_tokens_tenant_family').on('refresh_tokens').columns(['tenant_id', 'family_id']).execute();
    await db.schema.createIndex('refresh_tokens_tenant_user_client').on('refresh_tokens').columns(['tenant_id', 'user_id', 'client_id']).execute();

    await db.schema
      .createTable('consent_grants')
      .addColumn('tenant_id', 'text', tenant)
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('consent_grants_pk', ['tenant_id', 'user_id', 'client_id', 'audience'])
      .execute();

    await db.schema
      .createTable('login_failures')
      .addColumn('tenant_id', 'text', tenant)
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('blocked_until', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('login_failures_pk', ['tenant_id', 'key_hash'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['login_failures', 'consent_grants', 'refresh_tokens', 'authorization_codes', 'login_sessions']) await db.schema.dropTable(t).execute();
  },
});
