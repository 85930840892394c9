// The periodic clean-up: what it deletes, when, in every tenant; and that it stops cleanly.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { openStorage } from '../../src/main.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { Storage } from '../../src/storage/ports.ts';
import { defaultTenantSettings } from '../../src/domain/tenant.ts';
import { newTenantId } from '../../src/domain/ids.ts';
import { CODE_GRACE_MS, EXPIRED_TOKEN_LISTING_MS, SWEEP_BATCH, Sweeper } from '../../src/services/sweeper.ts';
import { dialects, freshPostgresDatabase, tempDir } from '../helpers/server.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const dialect of dialects()) {
  describe(`periodic clean-up (${dialect})`, () => {
    let storage: Storage;
    let dataDir: string;
    let db: { url: string; drop: () => Promise<void> } | undefined;
    const tenants: string[] = [];

    before(async () => {
      dataDir = tempDir();
      if (dialect === 'postgres') db = await freshPostgresDatabase();
      const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      if (db) Object.assign(env, { DATABASE_URL: db.url, LATCHKEY_MASTER_KEY: randomBytes(32).toString('hex') });
      storage = await openStorage(loadConfig(env));
      for (const name of ['one', 'two']) {
        const t = await storage.tenants.create({
          id: newTenantId(),
          name,
          domain: `${name}.test`,
          isDefault: name === 'one',
          settings: defaultTenantSettings(name),
        });
        tenants.push(t.id);
      }
    });
    after(async () => {
      await storage.close();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('deletes, in every tenant, codes a day after expiry, ended sessions and logs past retention', async () => {
      const now = Date.now();
      for (const id of tenants) {
        const stores = storage.forTenant(id);
        const code = {
          clientId: 'c',
          userId: 'u',
          redirectUri: 'https://app.example/cb',
          redirectUriSent: true,
          scopes: [],
          audience: null,
          sid: 's',
          authTime: 1,
          familyId: 'f',
          expiresAt: new Date(now + 5 * 60_000),
        };
        await stores.authorizationCodes.create('code', code);
        await stores.refreshTokens.create('rt', {
          familyId: 'f',
          clientId: 'c',
          userId: 'u',
          audience: null,
          scopes: [],
          authTime: 1,
          createdAt: new Date(now),
          expiresAt: new Date(now + HOUR),
        });
        await stores.sessions.create('session', {
          sid: 's',
          userId: 'u',
          authTime: new Date(now),
          createdAt: new Date(now),
          expiresAt: new Date(now + 2 * HOUR),
          idleExpiresAt: new Date(now + 2 * HOUR),
        });
        // More entries than one batch, so the clean-up has to come back for the rest.
        for (let i = 0; i < SWEEP_BATCH + 20; i++)
          await stores.logs.append({ type: 'x', description: `e${i}`, ip: null, userAgent: null, clientId: null, details: {} });
      }
      const sweeper = new Sweeper(storage, { logRetentionDays: 1 });

      // Half a day on: nothing has run out yet but the refresh token and the session.
      const early = await sweeper.sweepOnce(new Date(now + 12 * HOUR));
      assert.deepEqual(early, {
        authorizationCodes: 0,
        refreshTokens: 2,
        loginSessions: 2,
        loginFailures: 0,
        logs: 0,
        operatorSessions: 0,
        initialAccessTokens: 0,
        clientAssertions: 0,
        unusedClients: 0,
        rotatedKeys: 0,
      });
      for (const id of tenants) assert.ok(await storage.forTenant(id).authorizationCodes.find('code'), 'a used code is kept through its grace day');

      // Two days on: the code is past its grace and the logs past one day of retention.
      const late = await sweeper.sweepOnce(new Date(now + 5 * 60_000 + CODE_GRACE_MS + HOUR));
      assert.deepEqual(late, {
        authorizationCodes: 2,
        refreshTokens: 0,
        loginSessions: 0,
        loginFailures: 0,
        logs: 2 * (SWEEP_BATCH + 20),
        operatorSessions: 0,
        initialAccessTokens: 0,
        clientAssertions: 0,
        unusedClients: 0,
        rotatedKeys: 0,
      });
      for (const id of tenants) {
        assert.equal(await storage.forTenant(id).authorizationCodes.find('code'), undefined);
        assert.deepEqual(await storage.forTenant(id).logs.list({ limit: 5 }), []);
      }
    });

    it('keeps an expired initial access token listed for 30 days, then deletes it', async () => {
      const tokens = storage.forTenant(tenants[0]!).initialAccessTokens;
      const expiresAt = new Date(Date.now() + HOUR);
      await tokens.create({ id: 'iat_sweep', tokenHash: 'sweep-hash', note: 'sweep', maxUses: 1, expiresAt });
      const sweeper = new Sweeper(storage, { logRetentionDays: 36500 });
      assert.equal((await sweeper.sweepOnce(new Date(expiresAt.getTime() + EXPIRED_TOKEN_LISTING_MS - HOUR))).initialAccessTokens, 0);
      assert.ok(
        (await tokens.list()).some((t) => t.id === 'iat_sweep'),
        'still listed as expired',
      );
      assert.equal((await sweeper.sweepOnce(new Date(expiresAt.getTime() + EXPIRED_TOKEN_LISTING_MS + HOUR))).initialAccessTokens, 1);
      assert.equal(await tokens.findByHash('sweep-hash'), undefined);
    });

    it('records a client assertion jti once per client until it expires, in one tenant only, and sweeps it after', async () => {
      const now = Date.now();
      const [one, two] = tenants.map((id) => storage.forTenant(id).clientAssertions);
      const until = new Date(now + 5 * 60_000);
      assert.equal(await one!.use('client-a', 'jti-1', until), true);
      assert.equal(await one!.use('client-a', 'jti-1', until), false, 'a replay within the lifetime is refused');
      const racing = await Promise.all([one!.use('client-a', 'jti-2', until), one!.use('client-a', 'jti-2', until)]);
      assert.deepEqual(racing.sort(), [false, true], 'of two concurrent uses exactly one wins');
      assert.equal(await one!.use('client-b', 'jti-1', until), true, 'another client may use the same jti');
      assert.equal(await two!.use('client-a', 'jti-1', until), true, 'another tenant keeps its own record');
      // A record already past its expiry (not swept yet) no longer blocks the jti.
      assert.equal(await one!.use('client-c', 'old', new Date(now - 1000)), true);
      assert.equal(await one!.use('client-c', 'old', until), true);

      const sweeper = new Sweeper(storage, { logRetentionDays: 30 });
      const before = await sweeper.sweepOnce(new Date(now + 60_000));
      assert.equal(before.clientAssertions, 0, 'nothing has expired yet');
      const after = await sweeper.sweepOnce(new Date(now + 10 * 60_000));
      assert.equal(after.clientAssertions, 5);
      assert.equal(await one!.use('client-a', 'jti-1', until), true, 'swept: the row is gone');
    });

    it('keeps log entries younger than the retention', async () => {
      const logs = storage.forTenant(tenants[0]!).logs;
      await logs.append({ type: 'keep', description: 'recent', ip: null, userAgent: null, clientId: null, details: {} });
      const report = await new Sweeper(storage, { logRetentionDays: 30 }).sweepOnce(new Date(Date.now() + 29 * DAY));
      assert.equal(report.logs, 0);
      assert.equal((await logs.list({ type: 'keep', limit: 5 })).length, 1);
    });

    it('sweeps on its interval, reports, and stops without leaving work behind', async () => {
      const reports: unknown[] = [];
      const sweeper = new Sweeper(storage, {
        logRetentionDays: 30,
        intervalMs: 20,
        onSwept: (r) => reports.push(r),
        onError: (err) => assert.fail(String(err)),
      });
      sweeper.start();
      const deadline = Date.now() + 5000;
      while (reports.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await sweeper.stop();
      assert.ok(reports.length >= 2, `swept ${reports.length} times`);
      const after = reports.length;
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(reports.length, after, 'no sweep after stop');
    });
  });
}
