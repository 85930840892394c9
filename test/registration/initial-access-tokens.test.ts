// Initial access tokens (RFC 7591 §3): minted and revoked through the Management API, presented
// as Authorization: Bearer on POST /oidc/register, counted atomically; on both stores.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken } from '../../src/crypto.ts';
import { settingAssignmentsToPatch } from '../../src/cli/tenant-settings.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request, secondTenant } from '../management/helpers.ts';
import { storedText } from './stored-text.ts';

const CB = ['https://app.example.com/cb'];
const IATS = '/api/v2/registration/initial-access-tokens';

for (const dialect of dialects()) {
  describe(`initial access tokens (${dialect})`, () => {
    let server: TestServer;

    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    /** A tenant of its own per test, registration on, with `settings` patched in. */
    const tenantWith = async (name: string, settings: Record<string, unknown> = {}) => {
      const t = await secondTenant(server, name);
      const token = await managementToken(server, t.credentials.management, { host: t.host });
      const res = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        host: t.host,
        token,
        body: { flags: { enable_dynamic_client_registration: true }, registration_rate_limits: { per_ip_burst: 1000, per_tenant_burst: 1000 }, ...settings },
      });
      assert.equal(res.status, 200, res.text);
      const tenantId = (await server.latchkey.services.storage.tenants.findByName(name))!.id;
      return { host: t.host, token, credentials: t.credentials, stores: server.latchkey.services.storage.forTenant(tenantId) };
    };
    type Tenant = Awaited<ReturnType<typeof tenantWith>>;

    const mint = async (t: Tenant, body: Record<string, unknown> = {}) => {
      const res = await request(server, 'POST', IATS, { host: t.host, token: t.token, body });
      assert.equal(res.status, 201, res.text);
      return res.json as { id: string; token: string; note: string; expires_at: string; max_uses: number; uses: number; created_at: string };
    };
    const registerWith = (t: Tenant, bearer: string | undefined, body: unknown = { redirect_uris: CB }) =>
      request(server, 'POST', '/oidc/register', { host: t.host, body, ...(bearer !== undefined ? { headers: { authorization: `Bearer ${bearer}` } } : {}) });
    const assertInvalidToken = (res: Awaited<ReturnType<typeof registerWith>>, what: string) => {
      assert.equal(res.status, 401, `${what}: ${res.text}`);
      assert.equal(res.json.error, 'invalid_token', what);
      assert.match(String(res.headers['www-authenticate']), /^Bearer .*error="invalid_token"/, what);
    };

    it('POST shows the token once; GET lists without it; DELETE revokes; only a hash is stored', async () => {
      const t = await tenantWith('iat-crud');
      const created = await mint(t, { expires_in: 3600, max_uses: 5, note: 'partner onboarding' });
      assert.match(created.id, /^iat_/);
      assert.equal(created.note, 'partner onboarding');
      assert.equal(created.max_uses, 5);
      assert.equal(created.uses, 0);
      const lifetime = Date.parse(created.expires_at) - Date.parse(created.created_at);
      assert.ok(Math.abs(lifetime - 3_600_000) < 5000, `expires about an hour after creation (${lifetime} ms)`);
      assert.ok(created.token.length >= 43);

      const defaults = await mint(t);
      assert.equal(defaults.max_uses, 1);
      assert.equal(defaults.note, '');
      const day = Date.parse(defaults.expires_at) - Date.parse(defaults.created_at);
      assert.ok(Math.abs(day - 86_400_000) < 5000, `a day by default (${day} ms)`);

      const listed = await request(server, 'GET', IATS, { host: t.host, token: t.token });
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.json.map((x: { id: string }) => x.id),
        [created.id, defaults.id],
      );
      assert.ok(listed.json.every((x: object) => !('token' in x)));
      assert.ok(!listed.text.includes(created.token));

      const text = await storedText(server);
      assert.ok(!text.includes(created.token), 'the plaintext token is stored nowhere');
      assert.ok(text.includes(hashToken(created.token)), 'its SHA-256 is');

      const del = await request(server, 'DELETE', `${IATS}/${created.id}`, { host: t.host, token: t.token });
      assert.equal(del.status, 204);
      const again = await request(server, 'DELETE', `${IATS}/${created.id}`, { host: t.host, token: t.token });
      assert.equal(again.status, 404);
      assert.equal(again.json.statusCode, 404);
      assert.equal(again.json.errorCode, 'inexistent_initial_access_token');
      assert.deepEqual(
        (await request(server, 'GET', IATS, { host: t.host, token: t.token })).json.map((x: { id: string }) => x.id),
        [defaults.id],
      );
    });

    it('POST refuses out-of-bounds values in the Auth0 error shape', async () => {
      const t = await tenantWith('iat-bounds');
      for (const body of [{ expires_in: 10 }, { expires_in: 31_536_001 }, { max_uses: 0 }, { max_uses: 1.5 }, { note: 'x'.repeat(256) }, { token: 'mine' }]) {
        const res = await request(server, 'POST', IATS, { host: t.host, token: t.token, body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.json.errorCode, 'invalid_body');
      }
    });

    it('the scopes are enforced: a token without them gets 403 insufficient_scope', async () => {
      const t = await tenantWith('iat-scopes');
      const narrow = await managementToken(server, t.credentials.management, { host: t.host, scope: 'read:clients' });
      for (const [method, path, scope] of [
        ['GET', IATS, 'read:initial_access_tokens'],
        ['POST', IATS, 'create:initial_access_tokens'],
        ['DELETE', `${IATS}/iat_x`, 'delete:initial_access_tokens'],
      ] as const) {
        const res = await request(server, method, path, { host: t.host, token: narrow, ...(method === 'POST' ? { body: {} } : {}) });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.equal(res.json.errorCode, 'insufficient_scope');
        assert.match(res.json.message, new RegExp(scope));
      }
      const reader = await managementToken(server, t.credentials.management, { host: t.host, scope: 'read:initial_access_tokens' });
      assert.equal((await request(server, 'GET', IATS, { host: t.host, token: reader })).status, 200);
      assert.equal((await request(server, 'POST', IATS, { host: t.host, token: reader, body: {} })).status, 403);
    });

    it('a registration with a valid token is recorded with it (client, log) and counts a use', async () => {
      const t = await tenantWith('iat-valid');
      const iat = await mint(t, { max_uses: 2 });
      const res = await registerWith(t, iat.token);
      assert.equal(res.status, 201, res.text);
      const client = await request(server, 'GET', `/api/v2/clients/${res.json.client_id}`, { host: t.host, token: t.token });
      assert.equal(client.json.dynamic_registration.initial_access_token_id, iat.id);
      assert.ok(!('registration_access_token_hash' in client.json));
      const [entry] = await t.stores.logs.list({ type: 'dcr_success', limit: 1 });
      assert.equal(entry!.details.initial_access_token_id, iat.id);
      const open = await registerWith(t, undefined);
      assert.equal(open.status, 201, 'not required: open registration still works');
      const openClient = await request(server, 'GET', `/api/v2/clients/${open.json.client_id}`, { host: t.host, token: t.token });
      assert.equal(openClient.json.dynamic_registration.initial_access_token_id, undefined);
      const [listed] = (await request(server, 'GET', IATS, { host: t.host, token: t.token })).json;
      assert.equal(listed.uses, 1);
    });

    it('unknown, revoked, expired and used-up tokens get 401 invalid_token with WWW-Authenticate', async () => {
      const t = await tenantWith('iat-refused');
      assertInvalidToken(await registerWith(t, 'not-a-token'), 'unknown');
      assertInvalidToken(await registerWith(t, ''), 'empty');
      const revoked = await mint(t);
      await request(server, 'DELETE', `${IATS}/${revoked.id}`, { host: t.host, token: t.token });
      assertInvalidToken(await registerWith(t, revoked.token), 'revoked');
      const expired = 'expired-token-for-the-test';
      await t.stores.initialAccessTokens.create({
        id: 'iat_expired',
        tokenHash: hashToken(expired),
        note: '',
        maxUses: 5,
        expiresAt: new Date(Date.now() - 1000),
      });
      assertInvalidToken(await registerWith(t, expired), 'expired');
      const once = await mint(t, { max_uses: 1 });
      assert.equal((await registerWith(t, once.token)).status, 201);
      assertInvalidToken(await registerWith(t, once.token), 'used up');
      const [failure] = await t.stores.logs.list({ type: 'dcr_failure', limit: 1 });
      assert.equal(failure!.details.error, 'invalid_token');
      // Another tenant's token is unknown here.
      const other = await tenantWith('iat-other');
      assertInvalidToken(await registerWith(other, (await mint(t, { max_uses: 3 })).token), "another tenant's");
    });

    it('a refused registration costs no use', async () => {
      const t = await tenantWith('iat-no-use');
      const iat = await mint(t, { max_uses: 1 });
      const bad = await registerWith(t, iat.token, { redirect_uris: ['not a uri'] });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error, 'invalid_redirect_uri');
      assert.equal((await registerWith(t, iat.token)).status, 201);
    });

    it('concurrent registrations cannot exceed max_uses', async () => {
      const t = await tenantWith('iat-race');
      const iat = await mint(t, { max_uses: 3 });
      const answers = await Promise.all(Array.from({ length: 12 }, () => registerWith(t, iat.token)));
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [201, 201, 201, ...Array(9).fill(401)], JSON.stringify(answers.map((a) => a.json)));
      for (const a of answers.filter((x) => x.status === 401)) assertInvalidToken(a, 'over max_uses');
      const [listed] = (await request(server, 'GET', IATS, { host: t.host, token: t.token })).json;
      assert.equal(listed.uses, 3);
      const clients = await t.stores.clients.countDynamicallyRegistered();
      assert.equal(clients, 3);
    });

    it('require_initial_access_token: true refuses registrations without one; false or null lets them in', async () => {
      const t = await tenantWith('iat-required', { registration_policy: { require_initial_access_token: true } });
      const bare = await registerWith(t, undefined);
      assertInvalidToken(bare, 'required');
      assert.match(bare.json.error_description, /require/);
      const basic = await request(server, 'POST', '/oidc/register', {
        host: t.host,
        body: { redirect_uris: CB },
        headers: { authorization: 'Basic Zm9vOmJhcg==' },
      });
      assertInvalidToken(basic, 'another scheme is no token');
      const iat = await mint(t);
      assert.equal((await registerWith(t, iat.token)).status, 201);
      for (const value of [false, null]) {
        const patched = await request(server, 'PATCH', '/api/v2/tenants/settings', {
          host: t.host,
          token: t.token,
          body: { registration_policy: { require_initial_access_token: value } },
        });
        assert.equal(patched.status, 200);
        assert.equal(patched.json.registration_policy.require_initial_access_token, value);
        assert.equal((await registerWith(t, undefined)).status, 201, String(value));
      }
      const refused = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        host: t.host,
        token: t.token,
        body: { registration_policy: { require_initial_access_token: 'yes' } },
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.json.errorCode, 'invalid_body');
    });

    it('a valid token does not open registration on a tenant that has it off', async () => {
      const t = await tenantWith('iat-flag-off');
      const iat = await mint(t);
      await request(server, 'PATCH', '/api/v2/tenants/settings', {
        host: t.host,
        token: t.token,
        body: { flags: { enable_dynamic_client_registration: false } },
      });
      const res = await registerWith(t, iat.token);
      assert.equal(res.status, 400);
      assert.equal(res.json.message, 'dynamic client registration is disabled');
    });
  });
}

describe('tenant settings --set for the registration tokens', () => {
  it('reads the knob and the RFC 7592 switch as booleans', () => {
    assert.deepEqual(settingAssignmentsToPatch(['registration_policy.require_initial_access_token=true', 'registration_client_management_enabled=false']), {
      registration_policy: { require_initial_access_token: true },
      registration_client_management_enabled: false,
    });
    assert.deepEqual(settingAssignmentsToPatch(['registration_policy.require_initial_access_token=null']), {
      registration_policy: { require_initial_access_token: null },
    });
  });
});
