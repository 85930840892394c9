// A store from before key rotation (migration 0019): the tenant's Management client gains the
// signing-key scopes, and the tenant gains one next key at the first start, even when two
// instances start on the store at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator } from 'kysely';
import { openDatabase } from '../../src/storage/sql/database.ts';
import { InlineMigrationProvider } from '../../src/storage/sql/migrations/index.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request } from '../management/helpers.ts';
import { sibling } from './support.ts';

const NEW_SCOPES = ['read:signing_keys', 'create:signing_keys', 'update:signing_keys'];

for (const dialect of dialects()) {
  describe(`upgrading to signing-key rotation (${dialect})`, () => {
    let first: TestServer;
    const servers: TestServer[] = [];
    before(async () => {
      first = await startServer({ dialect });
    });
    after(async () => {
      for (const s of servers) await s.stop();
      await first.close();
    });

    test('the Management client gets the new scopes; the tenant gets exactly one next key', async () => {
      const currentKid = (
        await first.latchkey.services.storage.forTenant((await first.latchkey.services.storage.tenants.findDefault())!.id).signingKeys.list()
      ).find((k) => k.status === 'current')!.kid;
      await first.stop();

      // Back to the schema and data of a store from before migration 0019.
      const open = openDatabase({ databaseUrl: first.env.DATABASE_URL, dataDir: first.dataDir });
      try {
        const db = open.db as any;
        await db.deleteFrom('signing_keys').where('status', '=', 'next').execute();
        const migrated = await new Migrator({ db: open.db, provider: new InlineMigrationProvider(open.dialect) }).migrateTo('0015-user-search');
        assert.equal(migrated.error, undefined);
        for (const grant of await db.selectFrom('client_grants').select(['id', 'scope']).execute()) {
          const scope = (JSON.parse(grant.scope) as string[]).filter((s) => !NEW_SCOPES.includes(s));
          await db
            .updateTable('client_grants')
            .set({ scope: JSON.stringify(scope) })
            .where('id', '=', grant.id)
            .execute();
        }
        const rows = await db.selectFrom('signing_keys').select(['kid', 'status']).execute();
        assert.deepEqual(rows, [{ kid: currentKid, status: 'current' }]);
      } finally {
        await open.destroy();
      }

      const another = () => sibling(first, dialect, `http://localhost:${first.port}`);
      // The first start migrates; then two instances start at once and both look for a missing next key.
      servers.push(await another());
      await servers[0]!.stop();
      servers.length = 0;
      servers.push(...(await Promise.all([another(), another()])));

      const host = `localhost:${first.port}`;
      const token = await managementToken(servers[0]!, first.credentials.management, { host });
      const keys = (await request(servers[1]!, 'GET', '/api/v2/keys/signing', { host, token })).json as { kid: string; current: boolean; next: boolean }[];
      assert.equal(keys.length, 2);
      assert.equal(keys.find((k) => k.current)!.kid, currentKid);
      assert.equal(keys.filter((k) => k.next).length, 1);
      const jwks = (await request(servers[1]!, 'GET', '/.well-known/jwks.json', { host })).json as { keys: { kid: string }[] };
      assert.deepEqual(
        jwks.keys.map((k) => k.kid),
        [currentKid, keys.find((k) => k.next)!.kid],
      );
    });
  });
}
