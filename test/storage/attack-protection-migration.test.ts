// Migration 0016 on a store with a tenant and a failure count in it: the Management API learns the
// attack-protection scopes, the client that held every scope holds these too (a narrower one does
// not), and the count survives with no subject (it is not listed as a user block).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Migrator } from 'kysely';
import { dialects } from '../helpers/server.ts';
import { bareDatabase, type BareDatabase } from '../helpers/bare-database.ts';
import { managementScopes, seedManagementApi } from '../helpers/management-scopes-migration.ts';
import { migrateToLatest, type OpenDatabase } from '../../src/storage/sql/database.ts';
import { MANAGEMENT_SCOPES } from '../../src/domain/management-scopes.ts';

const ADDED = ['read:attack_protection', 'update:attack_protection'];

for (const dialect of dialects()) {
  describe(`migration 0016-attack-protection (${dialect})`, () => {
    let open: OpenDatabase;
    let migrator: Migrator;
    let bare: BareDatabase;
    before(async () => {
      bare = await bareDatabase(dialect);
      ({ open, migrator } = bare);
    });
    after(() => bare.close());

    test("adds the new scopes to an existing tenant's Management API and full-access grant; counts keep their rows", async () => {
      const db = open.db as any;
      assert.equal((await migrator.migrateTo('0015-user-search')).error, undefined);
      const before = MANAGEMENT_SCOPES.filter((s) => !ADDED.includes(s));
      await seedManagementApi(db, before);
      await db.insertInto('login_failures').values({ tenant_id: 't1', key_hash: 'k', failures: 3, blocked_until: null, updated_at: Date.now() }).execute();

      await migrateToLatest(open.db, open.dialect);
      const { api, grants } = await managementScopes(db);
      assert.deepEqual(
        api.map((s) => s.value),
        [...before, ...ADDED],
      );
      assert.equal(api.find((s) => s.value === 'update:attack_protection')?.description, 'Update attack protection');
      assert.deepEqual(grants, [
        ['full', [...before, ...ADDED]],
        ['narrow', ['read:users']],
      ]);
      const count = await db.selectFrom('login_failures').selectAll().executeTakeFirst();
      assert.equal(count.failures, 3);
      assert.equal(count.identifier, null);
      assert.deepEqual(await db.selectFrom('attack_protection').selectAll().execute(), []);
    });
  });
}
