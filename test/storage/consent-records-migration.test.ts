// Migration 0018 on a store with consents in it: each existing consent gets its own grant id,
// the tenant's Management API learns read:grants and delete:grants, and the client that held
// every scope holds these too (a narrower one does not).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Migrator } from 'kysely';
import { dialects } from '../helpers/server.ts';
import { bareDatabase, type BareDatabase } from '../helpers/bare-database.ts';
import { managementScopes, seedManagementApi } from '../helpers/management-scopes-migration.ts';
import { migrateToLatest, type OpenDatabase } from '../../src/storage/sql/database.ts';
import { MANAGEMENT_SCOPES } from '../../src/domain/management-scopes.ts';

const ADDED = ['read:grants', 'delete:grants'];

for (const dialect of dialects()) {
  describe(`migration 0018-consent-records (${dialect})`, () => {
    let open: OpenDatabase;
    let migrator: Migrator;
    let bare: BareDatabase;
    before(async () => {
      bare = await bareDatabase(dialect);
      ({ open, migrator } = bare);
    });
    after(() => bare.close());

    test('gives existing consents ids and the Management API the grants scopes', async () => {
      const db = open.db as any;
      assert.equal((await migrator.migrateTo('0015-user-search')).error, undefined);
      const now = Date.now();
      const before = MANAGEMENT_SCOPES.filter((s) => !ADDED.includes(s));
      await seedManagementApi(db, before);
      const consent = (user_id: string, audience: string) => ({
        tenant_id: 't1',
        user_id,
        client_id: 'app',
        audience,
        scope: '["openid"]',
        created_at: now,
        updated_at: now,
      });
      await db
        .insertInto('consent_grants')
        .values([consent('u1', 'https://t1.test/userinfo'), consent('u1', 'urn:orders'), consent('u2', 'urn:orders')])
        .execute();

      await migrateToLatest(open.db, open.dialect);

      const consents = await db.selectFrom('consent_grants').select(['id', 'last_used_at']).execute();
      assert.equal(consents.length, 3);
      for (const c of consents) {
        assert.match(c.id, /^[0-9a-f]{24}$/);
        assert.equal(c.last_used_at, null);
      }
      assert.equal(new Set(consents.map((c: { id: string }) => c.id)).size, 3);

      const upgraded = await managementScopes(db);
      assert.deepEqual(
        upgraded.api.map((s) => s.value),
        [...before, ...ADDED],
      );
      assert.deepEqual(upgraded.grants, [
        ['full', [...before, ...ADDED]],
        ['narrow', ['read:users']],
      ]);
    });
  });
}
