// Migrations that give the Management API new scopes (0014 accounts, 0016 attack protection, 0017
// roles, 0019 signing keys), each on a store with a tenant in it as it was before: its Management API learns the
// scopes, and the client that held every scope holds these too (a narrower one does not).
// Whatever else each migration changes is checked beside.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely, Migrator } from 'kysely';
import { dialects } from '../helpers/server.ts';
import { bareDatabase, type BareDatabase } from '../helpers/bare-database.ts';
import { managementScopes, seedManagementApi } from '../helpers/management-scopes-migration.ts';
import { migrateToLatest, type OpenDatabase } from '../../src/storage/sql/database.ts';
import { MANAGEMENT_SCOPES } from '../../src/domain/management-scopes.ts';
import { FULL_ACCESS_BEFORE as BEFORE_LATEST, NEW_SCOPES as ADDED_BY_LATEST } from '../../src/storage/sql/migrations/0020-log-activity.ts';

interface Case {
  migration: string;
  /** the migration before it */
  from: string;
  added: string[];
  /** one added scope and its description */
  described: [string, string];
  /** rows stored before, checked after */
  seed?(db: Kysely<any>): Promise<void>;
  check?(db: Kysely<any>): Promise<void>;
}

const CASES: Case[] = [
  {
    migration: '0014-accounts',
    from: '0011-registration-tokens',
    added: ['read:email_provider', 'create:email_provider', 'update:email_provider', 'create:user_tickets'],
    described: ['read:email_provider', 'Read email provider'],
  },
  {
    migration: '0016-attack-protection',
    from: '0015-user-search',
    added: ['read:attack_protection', 'update:attack_protection'],
    described: ['update:attack_protection', 'Update attack protection'],
    // A failure count from before keeps its row, with no subject (it is not listed as a user block).
    async seed(db) {
      await db.insertInto('login_failures').values({ tenant_id: 't1', key_hash: 'k', failures: 3, blocked_until: null, updated_at: Date.now() }).execute();
    },
    async check(db) {
      const count = await db.selectFrom('login_failures').selectAll().executeTakeFirstOrThrow();
      assert.equal(count.failures, 3);
      assert.equal(count.identifier, null);
      assert.deepEqual(await db.selectFrom('attack_protection').selectAll().execute(), []);
    },
  },
  {
    migration: '0017-rbac',
    from: '0016-attack-protection',
    added: ['read:roles', 'create:roles', 'update:roles', 'delete:roles', 'read:role_members', 'create:role_members', 'delete:role_members'],
    described: ['read:role_members', 'Read role members'],
  },
  {
    migration: '0019-signing-key-rotation',
    from: '0018-consent-records',
    added: ['read:signing_keys', 'create:signing_keys', 'update:signing_keys'],
    described: ['update:signing_keys', 'Update signing keys'],
  },
];

// Each migration names the scopes a full-access client held before it, as the one before it
// left them: the chain ends with every scope there is, or a full-access client would miss some.
test('the chain of full-access scopes through the migrations ends with every Management API scope', () => {
  assert.deepEqual([...BEFORE_LATEST, ...ADDED_BY_LATEST.map((s) => s.value)].sort(), [...MANAGEMENT_SCOPES].sort());
});

for (const dialect of dialects()) {
  for (const c of CASES) {
    describe(`migration ${c.migration} (${dialect})`, () => {
      let open: OpenDatabase;
      let migrator: Migrator;
      let bare: BareDatabase;
      before(async () => {
        bare = await bareDatabase(dialect);
        ({ open, migrator } = bare);
      });
      after(() => bare.close());

      test("adds the new scopes to an existing tenant's Management API and full-access grant", async () => {
        const db = open.db as Kysely<any>;
        assert.equal((await migrator.migrateTo(c.from)).error, undefined);
        const before = MANAGEMENT_SCOPES.filter((s) => !c.added.includes(s));
        await seedManagementApi(db, before);
        await c.seed?.(db);

        await migrateToLatest(open.db, open.dialect);
        const { api, grants } = await managementScopes(db);
        assert.deepEqual(
          api.map((s) => s.value),
          [...before, ...c.added],
        );
        assert.equal(api.find((s) => s.value === c.described[0])?.description, c.described[1]);
        assert.deepEqual(grants, [
          ['full', [...before, ...c.added]],
          ['narrow', ['read:users']],
        ]);
        await c.check?.(db);
      });
    });
  }
}
