// Migrations that add Management API scopes (0014: email provider and user tickets; 0017: roles),
// on a store with a tenant in it: its Management API learns the scopes, and the client that held
// every scope holds these too (a narrower one does not).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Migrator } from 'kysely';
import { dialects } from '../helpers/server.ts';
import { bareDatabase, type BareDatabase } from '../helpers/bare-database.ts';
import { migrateToLatest, type OpenDatabase } from '../../src/storage/sql/database.ts';
import { MANAGEMENT_SCOPES } from '../../src/domain/management-scopes.ts';

const CASES = [
  {
    migration: '0014-accounts',
    from: '0011-registration-tokens',
    added: ['read:email_provider', 'create:email_provider', 'update:email_provider', 'create:user_tickets'],
    described: ['read:email_provider', 'Read email provider'],
  },
  {
    migration: '0017-rbac',
    from: '0015-user-search',
    added: ['read:roles', 'create:roles', 'update:roles', 'delete:roles', 'read:role_members', 'create:role_members', 'delete:role_members'],
    described: ['read:role_members', 'Read role members'],
  },
];

for (const dialect of dialects())
  for (const { migration, from, added: ADDED, described } of CASES) {
    describe(`migration ${migration} (${dialect})`, () => {
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
        assert.equal((await migrator.migrateTo(from)).error, undefined);
        const now = Date.now();
        const before = MANAGEMENT_SCOPES.filter((s) => !ADDED.includes(s));
        await db
          .insertInto('tenants')
          .values({ id: 't1', name: 't1', domain: 't1.test', is_default: 1, settings: '{}', created_at: now, updated_at: now })
          .execute();
        await db
          .insertInto('resource_servers')
          .values({
            tenant_id: 't1',
            id: 'rs_mgmt',
            identifier: 'https://t1.test/api/v2/',
            name: 'Management API',
            is_system: 1,
            data: JSON.stringify({ scopes: before.map((value) => ({ value, description: value })) }),
            created_at: now,
          })
          .execute();
        const grant = (id: string, scope: string[]) => ({
          tenant_id: 't1',
          id,
          client_id: id,
          audience: 'https://t1.test/api/v2/',
          scope: JSON.stringify(scope),
          subject_type: 'client',
          created_at: now,
        });
        await db
          .insertInto('client_grants')
          .values([grant('full', before), grant('narrow', ['read:users'])])
          .execute();

        await migrateToLatest(open.db, open.dialect);
        const api = await db.selectFrom('resource_servers').select('data').where('id', '=', 'rs_mgmt').executeTakeFirst();
        const apiScopes = (JSON.parse(api.data) as { scopes: { value: string; description: string }[] }).scopes;
        assert.deepEqual(
          apiScopes.map((s) => s.value),
          [...before, ...ADDED],
        );
        assert.equal(apiScopes.find((s) => s.value === described[0])?.description, described[1]);
        const grants = await db.selectFrom('client_grants').select(['id', 'scope']).orderBy('id').execute();
        assert.deepEqual(
          grants.map((g: { id: string; scope: string }) => [g.id, JSON.parse(g.scope)]),
          [
            ['full', [...before, ...ADDED]],
            ['narrow', ['read:users']],
          ],
        );
      });
    });
  }
