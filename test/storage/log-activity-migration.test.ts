// Migration 0020 on a store with a tenant log in it: the user of each existing entry moves into
// its own column (so user_id filters find old entries too), and the Management API learns
// read:stats, granted to the client that held every scope (a narrower one does not get it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Migrator } from 'kysely';
import { dialects } from '../helpers/server.ts';
import { bareDatabase, type BareDatabase } from '../helpers/bare-database.ts';
import { managementScopes, seedManagementApi } from '../helpers/management-scopes-migration.ts';
import { migrateToLatest, type OpenDatabase } from '../../src/storage/sql/database.ts';
import { MANAGEMENT_SCOPES } from '../../src/domain/management-scopes.ts';

for (const dialect of dialects()) {
  describe(`migration 0020-log-activity (${dialect})`, () => {
    let open: OpenDatabase;
    let migrator: Migrator;
    let bare: BareDatabase;
    before(async () => {
      bare = await bareDatabase(dialect);
      ({ open, migrator } = bare);
    });
    after(() => bare.close());

    test('backfills user_id from the details; read:stats for the full-access grant only', async () => {
      const db = open.db as any;
      assert.equal((await migrator.migrateTo('0019-signing-key-rotation')).error, undefined);
      const before = MANAGEMENT_SCOPES.filter((s) => s !== 'read:stats');
      await seedManagementApi(db, before);
      const log = (id: string, details: object) => ({
        tenant_id: 't1',
        id,
        type: 's',
        description: 'Success Login',
        ip: null,
        user_agent: null,
        client_id: null,
        details: JSON.stringify(details),
        created_at: Date.now(),
      });
      await db
        .insertInto('tenant_logs')
        .values([log('l1', { user_id: 'auth0|ada', user_name: 'ada@example.com' }), log('l2', { error: 'x' })])
        .execute();

      await migrateToLatest(open.db, open.dialect);
      const rows = await db.selectFrom('tenant_logs').select(['id', 'user_id']).orderBy('id').execute();
      assert.deepEqual(rows, [
        { id: 'l1', user_id: 'auth0|ada' },
        { id: 'l2', user_id: null },
      ]);
      const { api, grants } = await managementScopes(db);
      assert.deepEqual(
        api.map((s) => s.value),
        [...before, 'read:stats'],
      );
      assert.deepEqual(grants, [
        ['full', [...before, 'read:stats']],
        ['narrow', ['read:users']],
      ]);
    });
  });
}
