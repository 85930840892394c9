// RFC 7592 client configuration endpoint (/oidc/register/{client_id}), opt-in per tenant with
// registration_client_management_enabled: read, replace and delete with the registration access
// token; the same validation and registration_policy as registration; on both stores.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startCodeFlow } from '../helpers/openid-client.ts';
import { hashToken } from '../../src/crypto.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createUser, defaultStores } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { request, type Reply } from '../management/helpers.ts';
import { configureRegistration } from './support.ts';
import { storedText } from './stored-text.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const METADATA = {
  client_name: 'Managed App',
  redirect_uris: [REDIRECT],
  grant_types: ['authorization_code', 'refresh_token'],
  scope: 'openid offline_access',
  contacts: ['ops@example.com'],
};

for (const dialect of dialects()) {
  describe(`RFC 7592 client self-management (${dialect})`, () => {
    let server: TestServer;
    let host: string;
    let mgmt: string;

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      host = `127.0.0.1:${server.port}`;
      await configureRegistration(server, { registration_client_management_enabled: true });
      const res = await request(server, 'POST', '/oauth/token', {
        host,
        body: { grant_type: 'client_credentials', ...server.credentials.management },
      });
      mgmt = res.json.access_token;
      await createUser(server, { email: 'ada@example.com', password: 'correct horse battery' });
    });
    after(() => server.close());

    const registerClient = async (body: object = METADATA) => {
      const res = await request(server, 'POST', '/oidc/register', { host, body });
      assert.equal(res.status, 201, res.text);
      return res.json as Record<string, any>;
    };
    const call = (method: string, uri: string, token: string | undefined, body?: unknown): Promise<Reply> =>
      request(server, method, new URL(uri).pathname, { host, ...(token !== undefined ? { token } : {}), ...(body !== undefined ? { body } : {}) });
    const assertInvalidToken = (res: Reply, what: string) => {
      assert.equal(res.status, 401, `${what}: ${res.text}`);
      assert.equal(res.json.error, 'invalid_token', what);
      assert.match(String(res.headers['www-authenticate']), /^Bearer .*error="invalid_token"/, what);
    };
    const setManagement = async (enabled: boolean) => {
      const res = await request(server, 'PATCH', '/api/v2/tenants/settings', { host, token: mgmt, body: { registration_client_management_enabled: enabled } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.registration_client_management_enabled, enabled);
    };

    it('the 201 carries registration_access_token and registration_client_uri; only a hash is stored', async () => {
      const reg = await registerClient();
      assert.equal(reg.registration_client_uri, `http://${host}/oidc/register/${reg.client_id}`);
      assert.equal(typeof reg.registration_access_token, 'string');
      assert.ok(reg.registration_access_token.length >= 43);
      assert.ok(!(await storedText(server)).includes(reg.registration_access_token));
      const shown = await request(server, 'GET', `/api/v2/clients/${reg.client_id}`, { host, token: mgmt });
      assert.ok(!JSON.stringify(shown.json).includes('registration_access_token'));
    });

    it('GET answers the registration with the token presented', async () => {
      const reg = await registerClient();
      const res = await call('GET', reg.registration_client_uri, reg.registration_access_token);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['cache-control'], 'no-store');
      const { registration_access_token: _t, ...rest } = res.json;
      const { registration_access_token: _r, ...registered } = reg;
      assert.deepEqual(rest, registered);
      assert.equal(res.json.registration_access_token, reg.registration_access_token);
    });

    it('missing, wrong and another client’s tokens, and unknown clients, get the same 401', async () => {
      const a = await registerClient();
      const b = await registerClient();
      assertInvalidToken(await call('GET', a.registration_client_uri, undefined), 'no token');
      assertInvalidToken(await call('GET', a.registration_client_uri, 'wrong'), 'wrong token');
      assertInvalidToken(await call('GET', a.registration_client_uri, b.registration_access_token), "another client's token");
      assertInvalidToken(
        await call('PUT', a.registration_client_uri, b.registration_access_token, { ...METADATA, client_id: a.client_id }),
        'PUT, another token',
      );
      assertInvalidToken(await call('DELETE', a.registration_client_uri, b.registration_access_token), 'DELETE, another token');
      const unknown = await call('GET', `http://${host}/oidc/register/nosuchclient`, a.registration_access_token);
      assertInvalidToken(unknown, 'unknown client');
      assert.equal(unknown.text, (await call('GET', a.registration_client_uri, 'wrong')).text, 'the same answer: nothing tells the client exists');
      // A client the owner made is not managed this way, whatever token is sent.
      const owned = await request(server, 'POST', '/api/v2/clients', { host, token: mgmt, body: { name: 'Owned', callbacks: [REDIRECT] } });
      assertInvalidToken(await call('GET', `http://${host}/oidc/register/${owned.json.client_id}`, a.registration_access_token), 'first-party client');
      assert.equal((await call('GET', a.registration_client_uri, a.registration_access_token)).status, 200, 'a is untouched');
    });

    it('PUT replaces the registration, keeps the secret, rotates the token, logs it', async () => {
      const reg = await registerClient();
      const body = { client_id: reg.client_id, client_secret: reg.client_secret, client_name: 'Renamed', redirect_uris: ['https://app.example.com/new'] };
      const res = await call('PUT', reg.registration_client_uri, reg.registration_access_token, body);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.client_name, 'Renamed');
      assert.deepEqual(res.json.redirect_uris, ['https://app.example.com/new']);
      assert.equal(res.json.client_secret, reg.client_secret);
      assert.equal(res.json.contacts, undefined, 'omitted members are removed (full replacement)');
      assert.deepEqual(res.json.grant_types, ['authorization_code', 'implicit', 'refresh_token'], 'and take their defaults');
      assert.notEqual(res.json.registration_access_token, reg.registration_access_token);
      assertInvalidToken(await call('GET', reg.registration_client_uri, reg.registration_access_token), 'the old token after rotation');
      const read = await call('GET', reg.registration_client_uri, res.json.registration_access_token);
      assert.equal(read.json.client_name, 'Renamed');
      const stored = await request(server, 'GET', `/api/v2/clients/${reg.client_id}`, { host, token: mgmt });
      assert.equal(stored.json.name, 'Renamed');
      assert.deepEqual(stored.json.callbacks, ['https://app.example.com/new']);
      const [entry] = await (await defaultStores(server)).logs.list({ type: 'dcr_update', limit: 1 });
      assert.equal(entry!.clientId, reg.client_id);
    });

    it('of PUTs racing with one token, one wins; the others are refused and only the winner’s token works', async () => {
      const reg = await registerClient();
      const body = (n: number) => ({ client_id: reg.client_id, client_name: `Racer ${n}`, redirect_uris: ['https://app.example.com/cb'] });
      const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => call('PUT', reg.registration_client_uri, reg.registration_access_token, body(n))));
      const won = answers.filter((a) => a.status === 200);
      assert.equal(won.length, 1, answers.map((a) => a.status).join(' '));
      for (const lost of answers.filter((a) => a.status !== 200)) assertInvalidToken(lost, 'a PUT that lost the race');
      const read = await call('GET', reg.registration_client_uri, won[0]!.json.registration_access_token);
      assert.equal(read.status, 200);
      assert.equal(read.json.client_name, won[0]!.json.client_name);
    });

    it('PUT refuses a missing or other client_id, a wrong secret, server-set members, bad metadata and policy refusals', async () => {
      const reg = await registerClient();
      const put = (body: object) => call('PUT', reg.registration_client_uri, reg.registration_access_token, body);
      const base = { client_id: reg.client_id, redirect_uris: [REDIRECT] };
      for (const [body, error, pattern] of [
        [{ redirect_uris: [REDIRECT] }, 'invalid_request', /client_id/],
        [{ ...base, client_id: 'someone-else' }, 'invalid_request', /client_id/],
        [{ ...base, client_secret: 'chosen-by-me' }, 'invalid_request', /client_secret/],
        [{ ...base, registration_access_token: reg.registration_access_token }, 'invalid_request', /registration_access_token/],
        [{ ...base, client_id_issued_at: 1 }, 'invalid_request', /client_id_issued_at/],
        [{ ...base, redirect_uris: ['https://gооgle.com/cb'] }, 'invalid_redirect_uri', /redirect_uris/],
        [{ client_id: reg.client_id }, 'invalid_redirect_uri', /required/],
        [{ ...base, client_name: 'evil\u202Eppa' }, 'invalid_client_metadata', /client_name/],
      ] as const) {
        const res = await put(body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.json.error, error, JSON.stringify(body));
        assert.match(res.json.error_description, pattern);
      }
      const nonJson = await request(server, 'PUT', new URL(reg.registration_client_uri).pathname, {
        host,
        token: reg.registration_access_token,
        raw: 'x=1',
        headers: { 'content-type': 'text/plain' },
      });
      assert.equal(nonJson.json.error, 'invalid_client_metadata');

      const policy = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        host,
        token: mgmt,
        body: { registration_policy: { blocked_redirect_hosts: ['evil.example'], allowed_scopes: ['openid', 'offline_access'] } },
      });
      assert.equal(policy.status, 200, policy.text);
      try {
        const blocked = await put({ ...base, redirect_uris: ['https://evil.example/cb'] });
        assert.equal(blocked.json.error, 'invalid_redirect_uri');
        assert.match(blocked.json.error_description, /blocked_redirect_hosts/);
        const scoped = await put({ ...base, scope: 'openid email' });
        assert.equal(scoped.json.error, 'invalid_client_metadata');
        assert.match(scoped.json.error_description, /allowed_scopes/);
        const ok = await put(base);
        assert.equal(ok.status, 200, ok.text);
        assert.equal(ok.json.scope, 'openid offline_access', 'the policy applies as at registration');
      } finally {
        await request(server, 'PATCH', '/api/v2/tenants/settings', {
          host,
          token: mgmt,
          body: { registration_policy: { blocked_redirect_hosts: null, allowed_scopes: null } },
        });
      }
      const refused = await (await defaultStores(server)).logs.list({ type: 'dcr_failure', limit: 20 });
      assert.ok(refused.some((e) => /blocked_redirect_hosts/.test(String(e.details.error_description))));
    });

    it('DELETE removes the client with its refresh tokens and consents; its refresh token stops working', async () => {
      const reg = await registerClient();
      const { config, url, verifier } = await startCodeFlow(
        server.url,
        { client_id: reg.client_id, client_secret: reg.client_secret },
        { redirect_uri: REDIRECT, scope: 'openid offline_access' },
      );
      const hop = await authorizeThrough(new UserAgent(), server.url, url.href, {
        email: 'ada@example.com',
        password: 'correct horse battery',
        consent: 'accept',
      });
      assert.ok(hop.location?.startsWith(`${REDIRECT}?`), hop.location ?? hop.body.slice(0, 300));
      const tokens = await oidc.authorizationCodeGrant(config, new URL(hop.location!), {
        pkceCodeVerifier: verifier,
        expectedNonce: 'n',
        idTokenExpected: true,
      });
      assert.ok(tokens.refresh_token);
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
      assert.ok(refreshed.access_token, 'the refresh token works before the deletion');
      const stores = await defaultStores(server);
      const user = (await stores.users.findByEmail('ada@example.com'))!;
      const consentAudience = `${server.url}/userinfo`;
      assert.ok(await stores.consents.find(user.user_id, reg.client_id, consentAudience), 'the user consented');
      const refreshHash = hashToken(refreshed.refresh_token ?? tokens.refresh_token);
      assert.ok(await stores.refreshTokens.find(refreshHash), 'a refresh token is stored');

      const del = await call('DELETE', reg.registration_client_uri, reg.registration_access_token);
      assert.equal(del.status, 204, del.text);
      assert.equal((await request(server, 'GET', `/api/v2/clients/${reg.client_id}`, { host, token: mgmt })).status, 404);
      assertInvalidToken(await call('GET', reg.registration_client_uri, reg.registration_access_token), 'after deletion');
      await assert.rejects(oidc.refreshTokenGrant(config, refreshed.refresh_token ?? tokens.refresh_token));
      assert.equal(await stores.consents.find(user.user_id, reg.client_id, consentAudience), undefined, 'the consent is gone');
      assert.equal(await stores.refreshTokens.find(refreshHash), undefined, 'the refresh tokens are gone');
      const [entry] = await stores.logs.list({ type: 'dcr_delete', limit: 1 });
      assert.equal(entry!.clientId, reg.client_id);
    });

    it('with the setting off, the endpoints refuse (401) and registration gives no token', async () => {
      const reg = await registerClient();
      await setManagement(false);
      try {
        assertInvalidToken(await call('GET', reg.registration_client_uri, reg.registration_access_token), 'setting off');
        assertInvalidToken(await call('DELETE', reg.registration_client_uri, reg.registration_access_token), 'setting off, DELETE');
        const plain = await registerClient();
        assert.equal(plain.registration_access_token, undefined);
        assert.equal(plain.registration_client_uri, undefined);
      } finally {
        await setManagement(true);
      }
      assert.equal((await call('GET', reg.registration_client_uri, reg.registration_access_token)).status, 200, 'on again, the token works again');
    });
  });
}
