// Expiry of unused registrations, on both stores: last_used_at as uses record it (throttled),
// the Management API showing it, the periodic clean-up and `latchkey tenant prune-clients`
// deleting unused self-registered clients with what hangs off them, and upgrades that keep
// clients registered before uses were recorded.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createUser, defaultStores, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { managementToken, request, sdkClient } from '../management/helpers.ts';
import { cli } from '../operations/support.ts';
import { Sweeper } from '../../src/services/sweeper.ts';
import { USE_RECORD_INTERVAL_MS } from '../../src/domain/client.ts';
import type { Client } from '../../src/domain/client.ts';
import type { TenantSettings } from '../../src/domain/tenant.ts';

const DAY = 86_400_000;
const CB = 'https://app.example.com/cb';
const API = 'https://contacts.example.com';
const PASSWORD = 'correct horse battery';

for (const dialect of dialects()) {
  describe(`expiry of unused registrations (${dialect})`, () => {
    let server: TestServer;
    let token: string;

    const settled = () => server.latchkey.services.clientUsage.settled();
    const getClient = async (id: string) => request(server, 'GET', `/api/v2/clients/${id}`, { token });
    const setPolicy = async (policy: Record<string, unknown>) => {
      const res = await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { registration_policy: policy } });
      assert.equal(res.status, 200, res.text);
      return res.json as TenantSettings;
    };
    const prune = (...args: string[]) =>
      cli({ ...server.env, DATABASE_URL: server.env.DATABASE_URL ?? '' }, 'tenant', 'prune-clients', '--name', 'default', ...args);
    const register = (name: string) => registerThirdPartyClient(server, { name, redirectUris: [CB], grantTypes: ['authorization_code', 'refresh_token'] });

    /** Signs the user in for `client` and returns the code (one authorization: a use). */
    async function authorize(client: Client): Promise<string> {
      const url = `${server.url}/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: CB,
        scope: 'openid offline_access read:contacts',
        audience: API,
        state: 's1',
      })}`;
      const hop = await authorizeThrough(new UserAgent(), server.url, url, { email: 'ada@example.com', password: PASSWORD, consent: 'accept' });
      const code = hop.location && new URL(hop.location).searchParams.get('code');
      assert.ok(code, `no code: ${hop.status} ${hop.location} ${hop.body.slice(0, 300)}`);
      return code;
    }

    const tokenRequest = (form: Record<string, string>) =>
      fetch(`${server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

    async function exchange(client: Client, code: string): Promise<{ refresh_token: string }> {
      const res = await tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CB,
        client_id: client.client_id,
        client_secret: client.client_secret!,
      });
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()) as { refresh_token: string };
    }

    before(async () => {
      server = await startServer({ dialect });
      token = await managementToken(server, server.credentials.management);
      await createUser(server, { email: 'ada@example.com', password: PASSWORD });
      await createApi(server, { identifier: API });
    });
    after(() => server.close());

    it('last_used_at is null until an authorization, then set; a token right after leaves it (once an hour)', async () => {
      const client = await register('Used App');
      assert.equal((await getClient(client.client_id)).json.last_used_at, null);
      const code = await authorize(client);
      await settled();
      const first = (await getClient(client.client_id)).json.last_used_at;
      assert.match(first, /^\d{4}-\d\d-\d\dT/);
      await exchange(client, code);
      await settled();
      assert.equal((await getClient(client.client_id)).json.last_used_at, first);
      // The list shows it too, and the auth0 SDK reads clients that carry it.
      const list = await request(server, 'GET', `/api/v2/clients?q=${client.client_id}`, { token });
      assert.equal(list.json[0].last_used_at, first);
      const sdk = sdkClient(server, server.credentials.management);
      const got = (await sdk.clients.get(client.client_id)) as unknown as { last_used_at?: string; name?: string };
      assert.equal(got.name, 'Used App');
      assert.equal(got.last_used_at, first);
    });

    it('a client_credentials token is a use too', async () => {
      const created = await request(server, 'POST', '/api/v2/clients', { token, body: { name: 'Worker', app_type: 'non_interactive' } });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.last_used_at, null);
      const grant = await request(server, 'POST', '/api/v2/client-grants', {
        token,
        body: { client_id: created.json.client_id, audience: API, scope: ['read:contacts'] },
      });
      assert.equal(grant.status, 201, grant.text);
      const res = await tokenRequest({
        grant_type: 'client_credentials',
        client_id: created.json.client_id,
        client_secret: created.json.client_secret,
        audience: API,
      });
      assert.equal(res.status, 200, await res.clone().text());
      await settled();
      assert.notEqual((await getClient(created.json.client_id)).json.last_used_at, null);
    });

    it('the store writes a use at most once an hour, whichever instance asks', async () => {
      const client = await register('Throttled');
      const clients = (await defaultStores(server)).clients;
      const t = new Date(Date.now() - 10 * DAY);
      assert.equal(await clients.recordUse(client.client_id, t, USE_RECORD_INTERVAL_MS), true);
      assert.equal(await clients.recordUse(client.client_id, new Date(t.getTime() + 59 * 60_000), USE_RECORD_INTERVAL_MS), false);
      assert.equal((await clients.findById(client.client_id, { fresh: true }))!.lastUsedAt!.getTime(), t.getTime());
      assert.equal(await clients.recordUse(client.client_id, new Date(t.getTime() + 61 * 60_000), USE_RECORD_INTERVAL_MS), true);
    });

    it('unused_client_ttl_days: 90 by default, GET returns it as set, 0..3650, settable with the CLI', async () => {
      const settings = await setPolicy({});
      assert.equal(settings.registration_policy.unused_client_ttl_days, undefined);
      for (const bad of [-1, 3651, 1.5, '30']) {
        const res = await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { registration_policy: { unused_client_ttl_days: bad } } });
        assert.equal(res.status, 400, String(bad));
      }
      const set = await cli(
        { ...server.env, DATABASE_URL: server.env.DATABASE_URL ?? '' },
        'tenant',
        'settings',
        '--name',
        'default',
        '--set',
        'registration_policy.unused_client_ttl_days=30',
      );
      assert.equal(set.code, 0, set.stderr);
      assert.equal(JSON.parse(set.stdout).registration_policy.unused_client_ttl_days, 30);
      assert.equal((await setPolicy({ unused_client_ttl_days: null })).registration_policy.unused_client_ttl_days, null);
      await setPolicy({ unused_client_ttl_days: 90 });
    });

    it('the sweeper deletes a client unused past the TTL with its grants, consents and refresh tokens, and logs it', async () => {
      const stores = await defaultStores(server);
      const client = await register('Stale Used');
      const code = await authorize(client);
      const { refresh_token } = await exchange(client, code);
      await settled();
      const grant = await request(server, 'POST', '/api/v2/client-grants', {
        token,
        body: { client_id: client.client_id, audience: API, scope: ['read:contacts'] },
      });
      assert.equal(grant.status, 201, grant.text);
      const fresh = await register('Fresh');
      const firstParty = await request(server, 'POST', '/api/v2/clients', { token, body: { name: 'Owner App', app_type: 'spa' } });
      const user = (await stores.users.findByEmail('ada@example.com'))!;
      assert.ok(await stores.consents.find(user.user_id, client.client_id, API));

      // TTL 0 or null: nothing expires, however old.
      const late = new Date(Date.now() + 200 * DAY);
      for (const never of [0, null]) {
        await setPolicy({ unused_client_ttl_days: never });
        const report = await new Sweeper(server.latchkey.services.storage, { logRetentionDays: 36500 }).sweepOnce(late);
        assert.equal(report.unusedClients, 0);
      }
      await setPolicy({ unused_client_ttl_days: 90 });
      // 89 days on: neither yet.
      await new Sweeper(server.latchkey.services.storage, { logRetentionDays: 36500 }).sweepOnce(new Date(Date.now() + 89 * DAY));
      assert.equal((await getClient(client.client_id)).status, 200);
      assert.equal((await getClient(fresh.client_id)).status, 200);
      const deleted: string[] = [];
      const report = await new Sweeper(server.latchkey.services.storage, {
        logRetentionDays: 36500,
        onUnusedClientsDeleted: (_t, clients) => deleted.push(...clients.map((c) => c.client_id)),
      }).sweepOnce(new Date(Date.now() + 91 * DAY));
      assert.ok(deleted.includes(client.client_id) && deleted.includes(fresh.client_id), deleted.join());
      assert.equal(report.unusedClients, deleted.length);
      assert.equal((await getClient(client.client_id)).status, 404);
      assert.equal((await getClient(firstParty.json.client_id)).status, 200, 'Management-created clients are never deleted');
      assert.equal((await getClient(server.credentials.management.client_id)).status, 200);
      assert.equal(await stores.consents.find(user.user_id, client.client_id, API), undefined);
      const grants = await request(server, 'GET', `/api/v2/client-grants?client_id=${client.client_id}`, { token });
      assert.deepEqual(grants.json, []);
      const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token, client_id: client.client_id, client_secret: client.client_secret! });
      assert.equal(refreshed.status, 401);
      const logs = await request(server, 'GET', `/api/v2/logs?q=client_id:${client.client_id}`, { token });
      const entry = (logs.json as Array<{ type: string; description: string }>).find((l) => l.type === 'sapi');
      assert.ok(entry, logs.text);
      assert.match(entry.description, /Delete unused application "Stale Used".*more than 90 days \(unused_client_ttl_days\)/);
    });

    it('prune-clients: --dry-run lists without deleting; --unused-days 0 deletes exactly the never used; clear refusals', async () => {
      const stores = await defaultStores(server);
      const never = await register('Never Used');
      const used = await register('Used Once');
      await authorize(used);
      await settled();
      const owned = await request(server, 'POST', '/api/v2/clients', { token, body: { name: 'Never Used Owner App', app_type: 'spa' } });
      await stores.consents.grant('auth0|someone', never.client_id, API, ['read:contacts']);

      const dry = await prune('--unused-days', '0', '--dry-run');
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, new RegExp(`${never.client_id}\\s+"Never Used"\\s+never used, registered \\d{4}-`));
      assert.doesNotMatch(dry.stdout, new RegExp(used.client_id));
      assert.doesNotMatch(dry.stdout, new RegExp(owned.json.client_id));
      assert.match(dry.stdout, /would be deleted \(dry run: nothing was deleted\)/);
      assert.equal((await getClient(never.client_id)).status, 200);

      const real = await prune('--unused-days', '0');
      assert.equal(real.code, 0, real.stderr);
      assert.match(real.stdout, new RegExp(never.client_id));
      assert.match(real.stdout, /client\(s\) never used deleted/);
      assert.equal((await getClient(never.client_id)).status, 404);
      assert.equal((await getClient(used.client_id)).status, 200);
      assert.equal((await getClient(owned.json.client_id)).status, 200);
      assert.equal(await stores.consents.find('auth0|someone', never.client_id, API), undefined);
      const logs = await request(server, 'GET', `/api/v2/logs?q=client_id:${never.client_id}`, { token });
      assert.ok(
        (logs.json as Array<{ description: string }>).some((l) => /never used \(latchkey tenant prune-clients --unused-days 0\)/.test(l.description)),
        logs.text,
      );

      // With the tenant's TTL (90 days): nothing that young goes.
      const ttl = await prune();
      assert.equal(ttl.code, 0, ttl.stderr);
      assert.match(ttl.stdout, /^0 dynamically registered client\(s\) unused for more than 90 days deleted/m);

      await setPolicy({ unused_client_ttl_days: 0 });
      const refused = await prune('--dry-run');
      assert.equal(refused.code, 2);
      assert.match(refused.stderr.trim(), /^latchkey: tenant "default" never expires registrations .*give --unused-days N/);
      assert.equal(refused.stderr.trim().split('\n').length, 1);
      await setPolicy({ unused_client_ttl_days: 90 });
      for (const bad of [['--unused-days=-1'], ['--unused-days', 'ten'], ['--unused-days', '1.5']]) {
        const r = await prune(...bad);
        assert.equal(r.code, 2, bad.join(' '));
        assert.match(r.stderr, /^latchkey: --unused-days must be a whole number/);
      }
      const noName = await cli({ ...server.env, DATABASE_URL: server.env.DATABASE_URL ?? '' }, 'tenant', 'prune-clients');
      assert.equal(noName.code, 2);
      assert.match(noName.stderr, /--name is required/);
    });
  });
}
