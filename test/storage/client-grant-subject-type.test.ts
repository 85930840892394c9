// Migration 0010 on a store with grants in it: existing grants become client grants, those of
// strict third-party clients user grants, and a client may then hold one grant of each type.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Migrator } from 'kysely';
import { dialects } from '../helpers/server.ts';
import { bareDatabase, type BareDatabase } from '../helpers/bare-database.ts';
import { migrateToLatest, type OpenDatabase } from '../../src/storage/sql/database.ts';

for (const dialect of dialects()) {
  describe(`migration 0010-client-grant-subject-type (${dialect})`, () => {
    let open: OpenDatabase;
    let migrator: Migrator;
    let bare: BareDatabase;
    before(async () => {
      bare = await bareDatabase(dialect);
      ({ open, migrator } = bare);
    });
    after(() => bare.close());

    test('upgrades stored grants and lets a client hold a client and a user grant for one API', async () => {
      const db = open.db as any;
      const { error } = await migrator.migrateTo('0008-expiry-indexes');
      assert.equal(error, undefined);
      const now = Date.now();
      await db
        .insertInto('tenants')
        .values({ id: 't1', name: 't1', domain: 't1.test', is_default: 1, settings: '{}', created_at: now, updated_at: now })
        .execute();
      const client = (client_id: string, data: object) => ({
        tenant_id: 't1',
        client_id,
        name: client_id,
        app_type: 'regular_web',
        is_first_party: 0,
        secret_sealed: null,
        data: JSON.stringify(data),
        created_at: now,
        updated_at: now,
      });
      await db
        .insertInto('clients')
        .values([client('m2m', { grant_types: ['client_credentials'] }), client('tpc_app', { third_party_security_mode: 'strict' })])
        .execute();
      const grant = (id: string, client_id: string) => ({ tenant_id: 't1', id, client_id, audience: 'urn:api', scope: '["read:x"]', created_at: now });
      await db
        .insertInto('client_grants')
        .values([grant('cgr_m2m', 'm2m'), grant('cgr_tpc', 'tpc_app')])
        .execute();

      await migrateToLatest(open.db, open.dialect);
      const rows = await sql<{ id: string; subject_type: string }>`select id, subject_type from client_grants order by id`.execute(open.db);
      assert.deepEqual(
        rows.rows.map((r) => [r.id, r.subject_type]),
        [
          ['cgr_m2m', 'client'],
          ['cgr_tpc', 'user'],
        ],
      );
      await db
        .insertInto('client_grants')
        .values({ ...grant('cgr_m2m_user', 'm2m'), subject_type: 'user' })
        .execute();
      await assert.rejects(
        db
          .insertInto('client_grants')
          .values({ ...grant('cgr_m2m_again', 'm2m'), subject_type: 'user' })
          .execute(),
      );
      // A tenant's deletion still takes its grants with it (the rebuilt table keeps its foreign key).
      await db.deleteFrom('tenants').where('id', '=', 't1').execute();
      assert.equal((await sql<{ n: number }>`select count(*) as n from client_grants`.execute(open.db)).rows.map((r) => Number(r.n))[0], 0);
    });
  });
}
