// Migration 0014 on a store with a tenant in it: its Management API learns the email-provider and
// user-ticket scopes, and the client that held every scope holds these too (a narrower one does not).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Migrator } from 'kysely';
import { dialects } from '../helpers/server.ts';
import { bareDatabase, managementScopes, seedManagementApi, type BareDatabase } from '../helpers/bare-database.ts';
import { migrateToLatest, type OpenDatabase } from '../../src/storage/sql/database.ts';
import { MANAGEMENT_SCOPES } from '../../src/domain/management-scopes.ts';

const ADDED = ['read:email_provider', 'create:email_provider', 'update:email_provider', 'create:user_tickets'];

for (const dialect of dialects()) {
  describe(`migration 0014-accounts (${dialect})`, () => {
    let open: OpenDatabase;
    let migrator: Migrator;
    let bare: BareDatabase;
    before(async () => {
      bare = await bareDatabase(dialect);
      ({ open, migrator } = bare);
    });
    after(() => bare.close());

    test("adds the new scopes to an existing tenant's Management API and full-access grant", async () => {
      const db = open.db as any;
      assert.equal((await migrator.migrateTo('0011-registration-tokens')).error, undefined);
      const before = MANAGEMENT_SCOPES.filter((s) => !ADDED.includes(s));
      await seedManagementApi(db, before, { full: before, narrow: ['read:users'] });

      await migrateToLatest(open.db, open.dialect);
      const { api, grants } = await managementScopes(db);
      assert.deepEqual(
        api.map((s) => s.value),
        [...before, ...ADDED],
      );
      assert.equal(api.find((s) => s.value === 'read:email_provider')?.description, 'Read email provider');
      assert.deepEqual(grants, [
        ['full', [...before, ...ADDED]],
        ['narrow', ['read:users']],
      ]);
    });
  });
}
