import type { Kysely } from 'kysely';
import { newConsentId } from '../../../domain/ids.ts';
import { FULL_ACCESS_BEFORE as BEFORE_0017, NEW_SCOPES as ADDED_BY_0017 } from './0017-rbac.ts';
import { addManagementScopes } from './management-scopes.ts';
import type { DialectMigration } from './migration.ts';

/** The Management API scopes this migration adds (domain/management-scopes.ts). */
export const NEW_SCOPES = [
  { value: 'read:grants', description: 'Read user grants' },
  { value: 'delete:grants', description: 'Delete user grants' },
];

/** Scopes every tenant's full-access Management client held before this migration. */
export const FULL_ACCESS_BEFORE = [...BEFORE_0017, ...ADDED_BY_0017.map((s) => s.value)];

// Consents as Auth0 user grants (GET/DELETE /api/v2/grants): each gets an id (24 hex chars, given
// to existing ones here) and the time an authorization last relied on it. Existing tenants'
// Management APIs learn the scopes that manage them, and the clients that held every scope keep
// doing so.
export const consentRecords: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('consent_grants').addColumn('id', 'text').execute();
    await db.schema.alterTable('consent_grants').addColumn('last_used_at', 'bigint').execute();
    const rows = (await db.selectFrom('consent_grants').select(['tenant_id', 'user_id', 'client_id', 'audience']).execute()) as {
      tenant_id: string;
      user_id: string;
      client_id: string;
      audience: string;
    }[];
    for (const r of rows) {
      await db
        .updateTable('consent_grants')
        .set({ id: newConsentId() })
        .where('tenant_id', '=', r.tenant_id)
        .where('user_id', '=', r.user_id)
        .where('client_id', '=', r.client_id)
        .where('audience', '=', r.audience)
        .execute();
    }
    await db.schema.createIndex('consent_grants_id').on('consent_grants').columns(['tenant_id', 'id']).unique().execute();
    await db.schema.createIndex('consent_grants_client').on('consent_grants').columns(['tenant_id', 'client_id']).execute();

    await addManagementScopes(db, NEW_SCOPES, FULL_ACCESS_BEFORE);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('consent_grants_client').execute();
    await db.schema.dropIndex('consent_grants_id').execute();
    await db.schema.alterTable('consent_grants').dropColumn('last_used_at').execute();
    await db.schema.alterTable('consent_grants').dropColumn('id').execute();
  },
});
