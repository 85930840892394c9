// GET /api/v2/stats/daily (Auth0's, through the auth0 SDK) and GET /api/v2/stats/activity
// (the dashboard's activity view): counts of the tenant log per day and per hour, on every dialect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { defaultStores } from '../helpers/fixtures.ts';
import { managementToken, request, sdkClient } from './helpers.ts';
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/sql/database.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Bucket {
  start: string;
  logins: number;
  failed_logins: number;
  registrations: number;
  tokens: number;
}

for (const dialect of dialects()) {
  describe(`GET /api/v2/stats (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let mgmt: ManagementClient;

    before(async () => {
      server = await startServer({ dialect });
      token = await managementToken(server, server.credentials.management);
      mgmt = sdkClient(server, server.credentials.management);
      const stores = await defaultStores(server);
      const entry = (type: string) => ({ type, description: type, ip: null, userAgent: null, clientId: null, details: {} });
      for (const type of ['s', 's', 's', 'fp', 'fu', 'limit_wc', 'ss', 'dcr_success', 'seacft', 'sertft', 'sapi']) await stores.logs.append(entry(type));
      // Older entries: 3 days ago, and 40 days ago (outside both windows).
      const past = async (type: string, ago: number) => {
        const appended = await stores.logs.append(entry(type));
        await backdate(server, appended.id, Date.now() - ago);
      };
      await past('s', 3 * DAY);
      await past('s', 3 * DAY);
      await past('fp', 3 * DAY);
      await past('s', 40 * DAY);
    });
    after(() => server?.close());

    test('activity: 30 days and 48 hours of buckets, oldest first, with each series counted; totals', async () => {
      const res = await request(server, 'GET', '/api/v2/stats/activity', { token });
      assert.equal(res.status, 200, res.text);
      const { daily, hourly, totals } = res.json as { daily: Bucket[]; hourly: Bucket[]; totals: Record<string, number> };
      assert.equal(daily.length, 30);
      assert.equal(hourly.length, 48);
      const today = daily[29]!;
      assert.equal(today.start, new Date(Math.floor(Date.now() / DAY) * DAY).toISOString());
      // The test's own Management token is a client credentials exchange (seccft).
      assert.deepEqual({ ...today, start: undefined }, { start: undefined, logins: 3, failed_logins: 3, registrations: 2, tokens: 3 });
      assert.deepEqual({ ...daily[26]!, start: undefined }, { start: undefined, logins: 2, failed_logins: 1, registrations: 0, tokens: 0 });
      assert.equal(
        daily.reduce((n, b) => n + b.logins, 0),
        5,
        'the entry 40 days old is outside the window',
      );
      const lastHour = hourly[47]!;
      assert.equal(lastHour.logins, 3);
      assert.equal(
        hourly.reduce((n, b) => n + b.logins, 0),
        3,
      );
      assert.deepEqual(totals, { users: 0, applications: 1, self_registered_applications: 0 });
    });

    test('daily (auth0 SDK): logins and sign-ups per day, days without any left out; bad dates refused', async () => {
      const day = (ago: number) => new Date(Date.now() - ago * DAY).toISOString().slice(0, 10).replace(/-/g, '');
      const data = await mgmt.stats.getDaily({ from: day(10), to: day(0) });
      assert.deepEqual(
        data.map((d) => [d.date, d.logins, d.signups, d.leaked_passwords]),
        [
          [new Date(Math.floor(Date.now() / DAY - 3) * DAY).toISOString(), 2, 0, 0],
          [new Date(Math.floor(Date.now() / DAY) * DAY).toISOString(), 3, 2, 0],
        ],
      );
      const older = await mgmt.stats.getDaily({ from: day(10), to: day(2) });
      assert.equal(older.length, 1);
      for (const q of ['from=2026-01-01', 'from=20260231', `from=${day(0)}&to=${day(3)}`]) {
        const bad = await request(server, 'GET', `/api/v2/stats/daily?${q}`, { token });
        assert.equal(bad.status, 400, q);
        assert.ok(bad.json.errorCode === 'invalid_query_string' || bad.json.error === 'Bad Request', bad.text);
      }
    });

    test('read:stats is required', async () => {
      const narrow = await managementToken(server, server.credentials.management, { scope: 'read:logs' });
      const denied = await request(server, 'GET', '/api/v2/stats/activity', { token: narrow });
      assert.equal(denied.status, 403);
      assert.equal(denied.json.message, 'Insufficient scope, expected any of: read:stats');
    });
  });
}

/** Moves log entries back in time, through a connection of its own to the server's store. */
async function backdate(server: TestServer, id: string, at: number): Promise<void> {
  const open = openDatabase({ databaseUrl: server.env.DATABASE_URL, dataDir: server.dataDir });
  try {
    await sql`update tenant_logs set created_at = ${at} where id = ${id}`.execute(open.db);
  } finally {
    await open.destroy();
  }
}
