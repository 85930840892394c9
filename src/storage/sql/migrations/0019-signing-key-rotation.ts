import { sql, type Kysely } from 'kysely';
import { FULL_ACCESS_BEFORE as BEFORE_0018, NEW_SCOPES as ADDED_BY_0018 } from './0018-consent-records.ts';
import { addManagementScopes } from './management-scopes.ts';
import type { DialectMigration } from './migration.ts';

/** The Management API scopes this migration adds (domain/management-scopes.ts). */
export const NEW_SCOPES = [
  { value: 'read:signing_keys', description: 'Read signing keys' },
  { value: 'create:signing_keys', description: 'Create signing keys' },
  { value: 'update:signing_keys', description: 'Update signing keys' },
];

/** Scopes every tenant's full-access Management client held before this migration. */
export const FULL_ACCESS_BEFORE = [...BEFORE_0018, ...ADDED_BY_0018.map((s) => s.value)];

// Signing-key rotation as at Auth0: a key is next, current, previous or revoked, with the times
// it became current, stopped being current and was revoked. At most one current and one next key
// per tenant, held by the database itself, so that concurrent rotations (from several instances)
// cannot leave two current keys. Keys marked `retired` before this migration were already
// unpublished: they become revoked. Tenants get their next key when a server starts (generating
// and sealing a key needs the master key, which migrations do not have).
export const signingKeyRotation: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('signing_keys').addColumn('current_since', 'bigint').execute();
    await db.schema.alterTable('signing_keys').addColumn('current_until', 'bigint').execute();
    await db.schema.alterTable('signing_keys').addColumn('revoked_at', 'bigint').execute();
    const now = Date.now();
    await db.updateTable('signing_keys').set({ status: 'revoked', revoked_at: now }).where('status', '=', 'retired').execute();

    // Of several current keys (the newest signed), the older ones become previous keys.
    const currents = (await db
      .selectFrom('signing_keys')
      .select(['tenant_id', 'kid', 'created_at'])
      .where('status', '=', 'current')
      .orderBy('created_at')
      .execute()) as {
      tenant_id: string;
      kid: string;
      created_at: number | string;
    }[];
    const newest = new Map<string, string>();
    for (const k of currents) newest.set(k.tenant_id, k.kid);
    for (const k of currents) {
      if (newest.get(k.tenant_id) === k.kid) {
        await db
          .updateTable('signing_keys')
          .set({ current_since: Number(k.created_at) })
          .where('tenant_id', '=', k.tenant_id)
          .where('kid', '=', k.kid)
          .execute();
      } else {
        await db
          .updateTable('signing_keys')
          .set({ status: 'previous', current_since: Number(k.created_at), current_until: now })
          .where('tenant_id', '=', k.tenant_id)
          .where('kid', '=', k.kid)
          .execute();
      }
    }
    // Keep one next key per tenant too (none existed before; a defensive clean-up).
    const nexts = (await db.selectFrom('signing_keys').select(['tenant_id', 'kid']).where('status', '=', 'next').orderBy('created_at').execute()) as {
      tenant_id: string;
      kid: string;
    }[];
    const seen = new Set<string>();
    for (const k of nexts.reverse()) {
      if (!seen.has(k.tenant_id)) seen.add(k.tenant_id);
      else await db.updateTable('signing_keys').set({ status: 'previous' }).where('tenant_id', '=', k.tenant_id).where('kid', '=', k.kid).execute();
    }

    for (const status of ['current', 'next']) {
      await db.schema
        .createIndex(`signing_keys_one_${status}`)
        .unique()
        .on('signing_keys')
        .column('tenant_id')
        .where(sql.ref('status'), '=', sql.lit(status))
        .execute();
    }

    await addManagementScopes(db, NEW_SCOPES, FULL_ACCESS_BEFORE);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('signing_keys_one_next').execute();
    await db.schema.dropIndex('signing_keys_one_current').execute();
    for (const c of ['revoked_at', 'current_until', 'current_since']) await db.schema.alterTable('signing_keys').dropColumn(c).execute();
  },
});
