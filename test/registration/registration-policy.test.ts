// The tenant's registration policy, as an owner sets it (PATCH /api/v2/tenants/settings, the
// CLI) and as a stranger meets it (POST /oidc/register): each knob on both stores.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request, secondTenant } from '../management/helpers.ts';
import { cli } from '../operations/support.ts';

const CB = ['https://app.example.com/cb'];

for (const dialect of dialects()) {
  describe(`registration policy (${dialect})`, () => {
    let server: TestServer;
    let host: string;
    let token: string;

    /** PATCH on a tenant of its own per test, so counts and knobs never meet. */
    const tenantWith = async (name: string, policy: Record<string, unknown>) => {
      const t = await secondTenant(server, name);
      const tk = await managementToken(server, t.credentials.management, { host: t.host });
      const res = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        host: t.host,
        token: tk,
        body: {
          flags: { enable_dynamic_client_registration: true },
          registration_rate_limits: { per_ip_burst: 1000, per_tenant_burst: 1000 },
          registration_policy: policy,
        },
      });
      assert.equal(res.status, 200, res.text);
      return { host: t.host, token: tk, settings: res.json };
    };

    before(async () => {
      server = await startServer({ dialect });
      ({ host, token } = await tenantWith('defaults', {}));
    });
    after(() => server.close());

    it('GET returns the knobs as set; absent knobs take their defaults (8 KiB bodies)', async () => {
      const got = await request(server, 'GET', '/api/v2/tenants/settings', { host, token });
      assert.deepEqual(got.json.registration_policy, {});
      const big = { client_name: 'Big', redirect_uris: Array.from({ length: 9 }, (_, i) => `https://app.example.com/${String(i).padStart(1000, 'x')}`) };
      const refused = await rawRegister(server, host, big);
      assert.equal(refused.status, 400);
      assert.equal(refused.json.error, 'invalid_client_metadata');
      assert.match(refused.json.error_description, /registration_policy\.max_metadata_bytes allows 8192/);
      const logs = await request(server, 'GET', '/api/v2/logs?q=type:dcr_failure', { host, token });
      assert.ok(logs.json.some((l: { details: { error_description?: string } }) => /max_metadata_bytes/.test(l.details.error_description ?? '')));
      // null: no restriction beyond the 64 KiB body limit.
      assert.equal(
        (await request(server, 'PATCH', '/api/v2/tenants/settings', { host, token, body: { registration_policy: { max_metadata_bytes: null } } })).status,
        200,
      );
      assert.equal((await rawRegister(server, host, big)).status, 201);
      const after = await request(server, 'GET', '/api/v2/tenants/settings', { host, token });
      assert.deepEqual(after.json.registration_policy, { max_metadata_bytes: null });
    });

    it('max_clients: the tenant holds at most that many self-registered clients', async () => {
      const t = await tenantWith('capped', { max_clients: 2 });
      assert.equal((await rawRegister(server, t.host, { redirect_uris: CB })).status, 201);
      assert.equal((await rawRegister(server, t.host, { redirect_uris: CB })).status, 201);
      const third = await rawRegister(server, t.host, { redirect_uris: CB });
      assert.equal(third.status, 400);
      assert.equal(third.json.error, 'invalid_client_metadata');
      assert.match(third.json.error_description, /max_clients/);
    });

    it('allowed lists and blocked hosts; an empty list allows nothing', async () => {
      const t = await tenantWith('listed', {
        allowed_grant_types: ['authorization_code', 'refresh_token'],
        allowed_token_endpoint_auth_methods: ['none'],
        blocked_redirect_hosts: ['*.evil.example', 'phish.example'],
      });
      const ok = await rawRegister(server, t.host, { redirect_uris: CB, grant_types: ['authorization_code'], token_endpoint_auth_method: 'none' });
      assert.equal(ok.status, 201, JSON.stringify(ok.json));
      const implicit = await rawRegister(server, t.host, {
        redirect_uris: CB,
        grant_types: ['authorization_code', 'implicit'],
        token_endpoint_auth_method: 'none',
      });
      assert.equal(implicit.json.error, 'invalid_client_metadata');
      assert.match(implicit.json.error_description, /allowed_grant_types/);
      const secret = await rawRegister(server, t.host, { redirect_uris: CB, grant_types: ['authorization_code'] });
      assert.match(secret.json.error_description, /allowed_token_endpoint_auth_methods/);
      for (const uri of ['https://a.evil.example/cb', 'https://phish.example/cb']) {
        const blocked = await rawRegister(server, t.host, { redirect_uris: [uri], grant_types: ['authorization_code'], token_endpoint_auth_method: 'none' });
        assert.equal(blocked.status, 400);
        assert.equal(blocked.json.error, 'invalid_redirect_uri', uri);
      }
      const none = await tenantWith('nothing-allowed', { allowed_grant_types: [] });
      assert.equal((await rawRegister(server, none.host, { redirect_uris: CB })).json.error, 'invalid_client_metadata');
    });

    it('allowed redirect URI patterns and allowed scopes (a registration without scope gets the allowed ones)', async () => {
      const t = await tenantWith('patterned', {
        allowed_redirect_uri_patterns: ['https://*.partner.example/*', 'http://127.0.0.1:*/*'],
        allowed_scopes: ['openid', 'read:contacts'],
      });
      const ok = await rawRegister(server, t.host, { redirect_uris: ['https://app.partner.example/cb', 'http://127.0.0.1:8123/callback'] });
      assert.equal(ok.status, 201, JSON.stringify(ok.json));
      assert.equal(ok.json.scope, 'openid read:contacts');
      for (const uri of ['https://partner.example/cb', 'https://app.partner.example.evil.example/cb', 'http://127.0.0.1/cb']) {
        const refused = await rawRegister(server, t.host, { redirect_uris: [uri] });
        assert.equal(refused.status, 400, uri);
        assert.equal(refused.json.error, 'invalid_redirect_uri', uri);
        assert.match(refused.json.error_description, /allowed_redirect_uri_patterns/);
      }
      const scoped = await rawRegister(server, t.host, { redirect_uris: ['https://app.partner.example/cb'], scope: 'openid profile' });
      assert.equal(scoped.json.error, 'invalid_client_metadata');
      assert.match(scoped.json.error_description, /scope profile not allowed/);
      const narrower = await rawRegister(server, t.host, { redirect_uris: ['https://app.partner.example/cb'], scope: 'openid' });
      assert.equal(narrower.status, 201);
      assert.equal(narrower.json.scope, 'openid');
    });

    it('PATCH refuses knobs that are not in the policy or out of range', async () => {
      for (const policy of [{ max_clients: -1 }, { max_metadata_bytes: 10 }, { unknown: 1 }, { allowed_grant_types: 'implicit' }]) {
        const res = await request(server, 'PATCH', '/api/v2/tenants/settings', { host, token, body: { registration_policy: policy } });
        assert.equal(res.status, 400, JSON.stringify(policy));
        assert.equal(res.json.errorCode, 'invalid_body');
      }
    });

    it('the CLI sets a knob as PATCH does', async () => {
      const setMaxClients = (value: string) =>
        cli(
          { ...server.env, DATABASE_URL: server.env.DATABASE_URL ?? '' },
          'tenant',
          'settings',
          '--name',
          'defaults',
          '--set',
          `registration_policy.max_clients=${value}`,
        );
      const r = await setMaxClients('5');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).registration_policy.max_clients, 5);
      const cleared = await setMaxClients('null');
      assert.equal(cleared.code, 0, cleared.stderr);
      assert.equal(JSON.parse(cleared.stdout).registration_policy.max_clients, null);
    });
  });
}

/** POST /oidc/register with an explicit Host (the tenant's), JSON body. */
async function rawRegister(server: TestServer, host: string, body: unknown) {
  return request(server, 'POST', '/oidc/register', { host, body });
}
