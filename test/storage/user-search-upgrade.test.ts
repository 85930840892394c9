// Migration 0015 on a store with users in it: the lower-cased name columns search reads are
// filled from each user's data, so an upgraded store finds its existing users; down and up again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Migrator } from 'kysely';
import { dialects } from '../helpers/server.ts';
import { bareDatabase, type BareDatabase } from '../helpers/bare-database.ts';
import { migrateToLatest, type OpenDatabase } from '../../src/storage/sql/database.ts';
import { SqlUserStore } from '../../src/storage/sql/stores/users.ts';
import { TenantScope } from '../../src/storage/sql/tenant-scope.ts';
import { userFilterOf } from '../../src/management/users/search/index.ts';

for (const dialect of dialects()) {
  describe(`migration 0015-user-search (${dialect})`, () => {
    let open: OpenDatabase;
    let migrator: Migrator;
    let bare: BareDatabase;
    before(async () => {
      bare = await bareDatabase(dialect);
      ({ open, migrator } = bare);
    });
    after(() => bare.close());

    test('fills the search columns of existing users; reversible', async () => {
      const db = open.db as any;
      assert.equal((await migrator.migrateTo('0011-registration-tokens')).error, undefined);
      const now = Date.now();
      await db
        .insertInto('tenants')
        .values({ id: 't1', name: 't1', domain: 't1.test', is_default: 1, settings: '{}', created_at: now, updated_at: now })
        .execute();
      const user = (n: number, data: object) => ({
        tenant_id: 't1',
        user_id: `auth0|${String(n).padStart(24, '0')}`,
        email: `u${n}@example.com`,
        password_hash: 'x',
        blocked: 0,
        data: JSON.stringify({
          email_verified: false,
          nickname: `u${n}`,
          connection: 'Username-Password-Authentication',
          user_metadata: {},
          app_metadata: {},
          ...data,
        }),
        logins_count: 0,
        last_login: null,
        created_at: now + n,
        updated_at: now + n,
      });
      // More users than one batch of the backfill.
      const rows = Array.from({ length: 1203 }, (_, i) => user(i, { name: `Person ${i}` }));
      rows.push(user(5000, { name: 'Émile Zola', given_name: 'Émile', family_name: 'ZOLA' }));
      for (let i = 0; i < rows.length; i += 300)
        await db
          .insertInto('users')
          .values(rows.slice(i, i + 300))
          .execute();

      await migrateToLatest(open.db, open.dialect);
      const store = new SqlUserStore(new TenantScope(open.db, 't1'), open.dialect);
      const find = async (q: string) => (await store.list({ page: 0, perPage: 100, filter: userFilterOf(q)! })).users.map((u) => u.email);
      assert.deepEqual(await find('name:"émile zola"'), ['u5000@example.com']);
      assert.deepEqual(await find('family_name:zola AND given_name:ÉMILE'), ['u5000@example.com']);
      assert.deepEqual(await find('name:"person 1202"'), ['u1202@example.com'], 'the last batch is filled too');
      assert.equal((await store.findById(rows[0]!.user_id))!.last_ip, undefined);

      assert.equal((await migrator.migrateTo('0011-registration-tokens')).error, undefined);
      await migrateToLatest(open.db, open.dialect);
      assert.deepEqual(await find('name:person AND name:7'), ['u7@example.com']);
    });
  });
}
