import type { Kysely } from 'kysely';
import type { DialectMigration } from './migration.ts';

/** The Management API scopes this migration adds (domain/management-scopes.ts). */
const NEW_SCOPES = [
  { value: 'read:initial_access_tokens', description: 'Read initial access tokens' },
  { value: 'create:initial_access_tokens', description: 'Create initial access tokens' },
  { value: 'delete:initial_access_tokens', description: 'Delete initial access tokens' },
];

/** Scopes every tenant's full-access Management client was given before this migration. */
const FULL_ACCESS_BEFORE = [
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

    const systemApis = await db.selectFrom('resource_servers').select(['tenant_id', 'id', 'identifier', 'data']).where('is_system', '=', 1).execute();
    for (const api of systemApis) {
      const data = JSON.parse(api.data) as { scopes?: { value: string; description: string }[] };
      const scopes = data.scopes ?? [];
      const missing = NEW_SCOPES.filter((s) => !scopes.some((x) => x.value === s.value));
      if (missing.length) {
        await db
          .updateTable('resource_servers')
          .set({ data: JSON.stringify({ ...data, scopes: [...scopes, ...missing] }) })
          .where('tenant_id', '=', api.tenant_id)
          .where('id', '=', api.id)
          .execute();
      }
      const grants = await db
        .selectFrom('client_grants')
        .select(['id', 'scope'])
        .where('tenant_id', '=', api.tenant_id)
        .where('audience', '=', api.identifier)
        .execute();
      for (const grant of grants) {
        const scope = JSON.parse(grant.scope) as string[];
        if (!FULL_ACCESS_BEFORE.every((s) => scope.includes(s))) continue;
        const added = NEW_SCOPES.map((s) => s.value).filter((s) => !scope.includes(s));
        if (added.length) {
          await db
            .updateTable('client_grants')
            .set({ scope: JSON.stringify([...scope, ...added]) })
            .where('tenant_id', '=', api.tenant_id)
            .where('id', '=', grant.id)
            .execute();
        }
      }
    }
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('initial_access_tokens').execute();
  },
});
