// Upgrading a store whose clients predate the record of uses (migration 0009): a registration
// older than the TTL is not taken for an unused one by the first clean-up after the upgrade;
// its clock starts at the upgrade. And recording a use does not tell other instances to drop
// their caches (PostgreSQL's trigger), while a real change still does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Migrator } from 'kysely';
import pg from 'pg';
import { openStorage } from '../../src/main.ts';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase, migrateToLatest } from '../../src/storage/sql/database.ts';
import { InlineMigrationProvider } from '../../src/storage/sql/migrations/index.ts';
import { CHANGES_CHANNEL } from '../../src/storage/sql/change-feed.ts';
import { defaultTenantSettings } from '../../src/domain/tenant.ts';
import { newClientId, newClientSecret, newTenantId } from '../../src/domain/ids.ts';
import { USE_RECORD_INTERVAL_MS, type NewClient } from '../../src/domain/client.ts';
import { Sweeper } from '../../src/services/sweeper.ts';
import { dialects, freshPostgresDatabase, tempDir } from '../helpers/server.ts';

const DAY = 86_400_000;

function registered(name: string): NewClient {
  return {
    client_id: newClientId(),
    client_secret: newClientSecret(),
    name,
    app_type: 'regular_web',
    is_first_party: false,
    oidc_conformant: true,
    callbacks: ['https://app.example/cb'],
    allowed_logout_urls: [],
    web_origins: [],
    allowed_origins: [],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
    dynamic_registration: { registered_at: new Date().toISOString(), ip: '192.0.2.1', user_agent: 'test' },
  };
}

for (const dialect of dialects()) {
  describe(`expiry of unused registrations across the upgrade (${dialect})`, () => {
    let dataDir: string;
    let db: { url: string; drop: () => Promise<void> } | undefined;
    let env: Record<string, string>;

    before(async () => {
      dataDir = tempDir();
      if (dialect === 'postgres') db = await freshPostgresDatabase();
      env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      if (db) Object.assign(env, { DATABASE_URL: db.url, LATCHKEY_MASTER_KEY: randomBytes(32).toString('hex') });
    });
    after(async () => {
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('a client registered long before the upgrade is not deleted by the first clean-up; its clock starts at the upgrade', async () => {
      // A store as it was before 0009, holding a registration 200 days old.
      let storage = await openStorage(loadConfig(env));
      const tenant = await storage.tenants.create({
        id: newTenantId(),
        name: 'old',
        domain: 'old.test',
        isDefault: true,
        settings: defaultTenantSettings('old'),
      });
      const old = await storage.forTenant(tenant.id).clients.create(registered('Old Registration'));
      await storage.close();
      const open = openDatabase({ databaseUrl: db?.url, dataDir });
      const migrator = new Migrator({ db: open.db, provider: new InlineMigrationProvider(open.dialect) });
      // Down to 0008 (later migrations, if any, are undone on the way).
      const down = await migrator.migrateTo('0008-expiry-indexes');
      assert.equal(down.error, undefined);
      assert.ok(down.results?.some((r) => r.migrationName === '0009-client-last-used' && r.direction === 'Down' && r.status === 'Success'));
      await open.db
        .updateTable('clients')
        .set({ created_at: Date.now() - 200 * DAY })
        .where('client_id', '=', old.client_id)
        .execute();
      // The upgrade.
      await migrateToLatest(open.db, open.dialect);
      await open.destroy();

      storage = await openStorage(loadConfig(env));
      try {
        const clients = storage.forTenant(tenant.id).clients;
        const sweep = (at: number) => new Sweeper(storage, { logRetentionDays: 36500 }).sweepOnce(new Date(at));
        assert.equal((await sweep(Date.now())).unusedClients, 0);
        assert.ok(await clients.findById(old.client_id, { fresh: true }));
        // "Never used" claims a record it lacks: --unused-days 0 leaves it too.
        assert.deepEqual(await clients.findUnused({ never: true }, { limit: 10 }), []);
        const [found] = await clients.findUnused({ before: new Date(Date.now() + 91 * DAY) }, { limit: 10 });
        assert.equal(found?.client_id, old.client_id);
        assert.equal(found.lastUsedAt, null);
        assert.ok(found.usageTrackedFrom.getTime() > found.createdAt.getTime() + 199 * DAY);
        // 90 days (the default TTL) after the upgrade without a use, it goes.
        assert.equal((await sweep(Date.now() + 89 * DAY)).unusedClients, 0);
        assert.equal((await sweep(Date.now() + 91 * DAY)).unusedClients, 1);
        assert.equal(await clients.findById(old.client_id, { fresh: true }), undefined);
      } finally {
        await storage.close();
      }
    });

    it('recording a use leaves other instances’ caches; changing a client still reaches them', { skip: dialect !== 'postgres' }, async () => {
      const storage = await openStorage(loadConfig(env));
      const listener = new pg.Client({ connectionString: db!.url });
      try {
        const tenant = (await storage.tenants.findByName('old'))!;
        const clients = storage.forTenant(tenant.id).clients;
        const client = await clients.create(registered('Watched'));
        await listener.connect();
        const heard: string[] = [];
        listener.on('notification', (n) => heard.push(n.payload ?? ''));
        await listener.query(`LISTEN ${CHANGES_CHANNEL}`);
        assert.equal(await clients.recordUse(client.client_id, new Date(), USE_RECORD_INTERVAL_MS), true);
        // A NOTIFY sent by then has reached this connection before the answer to this query.
        await listener.query('select 1');
        assert.deepEqual(heard, []);
        assert.equal(await clients.replace({ ...(await clients.findById(client.client_id, { fresh: true }))!, name: 'Renamed' }), true);
        await listener.query('select 1');
        assert.deepEqual(heard, ['clients']);
      } finally {
        await listener.end();
        await storage.close();
      }
    });
  });
}
