// POST /oidc/register: the flag, the 201 response, the stored third-party client, strict mode, CORS.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { configureRegistration, nullPaths, register } from './support.ts';

const DISABLED = '{"statusCode":400,"error":"Bad Request","message":"dynamic client registration is disabled"}';

const FULL_METADATA = {
  redirect_uris: ['https://app.example.com/callback', 'https://app.example.com/callback2'],
  client_name: 'Example App',
  token_endpoint_auth_method: 'client_secret_basic',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  application_type: 'web',
  logo_uri: 'https://app.example.com/logo.png',
  client_uri: 'https://app.example.com/',
  policy_uri: 'https://app.example.com/privacy',
  tos_uri: 'https://app.example.com/terms',
  contacts: ['ops@example.com'],
  scope: 'openid read:documents',
  jwks_uri: 'https://app.example.com/jwks.json',
  software_id: '4NRB1-0XZABZI9E6-5SM3R',
  software_version: '2.1.0',
  post_logout_redirect_uris: ['https://app.example.com/signed-out'],
};

for (const dialect of dialects()) {
  describe(`dynamic client registration (${dialect})`, () => {
    let server: TestServer;
    let tenantId: string;

    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const stores = () => server.latchkey.services.storage.forTenant(tenantId);

    it('answers 400 with Auth0 exact body while the flag is off, whatever the body', async () => {
      tenantId = await configureRegistration(server, { enabled: false });
      for (const [body, headers] of [
        [{ redirect_uris: ['https://app.example.com/callback'] }, undefined],
        ['{not json', undefined],
        ['redirect_uris=x', { 'content-type': 'text/plain' }],
      ] as const) {
        const res = await register(server.url, body, headers);
        assert.equal(res.status, 400);
        assert.equal(res.text, DISABLED);
      }
      assert.deepEqual(await stores().logs.list({ limit: 10 }), []);
    });

    it('still lists the registration endpoint in discovery while the flag is off', async () => {
      const doc = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      assert.equal(doc.registration_endpoint, `http://localhost:${server.port}/oidc/register`);
    });

    it('registers a client with every metadata member and answers 201 with all of them', async () => {
      await configureRegistration(server);
      const before = Math.floor(Date.now() / 1000);
      const res = await register(server.url, FULL_METADATA);
      const after = Math.ceil(Date.now() / 1000);
      assert.equal(res.status, 201, res.text);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      const { client_id, client_secret, client_id_issued_at, ...rest } = res.body;
      assert.match(client_id, /^[A-Za-z0-9]{32}$/);
      assert.match(client_secret, /^[A-Za-z0-9_-]{64}$/);
      assert.ok(Number.isInteger(client_id_issued_at) && client_id_issued_at >= before && client_id_issued_at <= after);
      assert.deepEqual(rest, { ...FULL_METADATA, client_secret_expires_at: 0 });
      assert.deepEqual(nullPaths(res.body), []);
      assert.equal('registration_access_token' in res.body, false);
      assert.equal('registration_client_uri' in res.body, false);

      const stored = await stores().clients.findById(client_id);
      assert.ok(stored);
      assert.equal(stored.client_secret, client_secret);
      assert.equal(stored.name, 'Example App');
      assert.equal(stored.is_first_party, false);
      assert.equal(stored.oidc_conformant, true);
      assert.equal(stored.app_type, 'regular_web');
      assert.deepEqual(stored.callbacks, FULL_METADATA.redirect_uris);
      assert.deepEqual(stored.allowed_logout_urls, FULL_METADATA.post_logout_redirect_uris);
      assert.deepEqual(stored.grant_types, ['authorization_code', 'refresh_token']);
      assert.equal(stored.token_endpoint_auth_method, 'client_secret_basic');
      assert.equal(stored.logo_uri, FULL_METADATA.logo_uri);
      assert.equal(stored.third_party_security_mode, undefined);
      assert.deepEqual(stored.registration_metadata, {
        response_types: ['code'],
        application_type: 'web',
        client_uri: FULL_METADATA.client_uri,
        policy_uri: FULL_METADATA.policy_uri,
        tos_uri: FULL_METADATA.tos_uri,
        contacts: FULL_METADATA.contacts,
        scope: FULL_METADATA.scope,
        jwks_uri: FULL_METADATA.jwks_uri,
        software_id: FULL_METADATA.software_id,
        software_version: FULL_METADATA.software_version,
      });
      assert.equal(stored.dynamic_registration?.ip, '127.0.0.1');
      assert.equal(stored.dynamic_registration?.user_agent, 'latchkey-test/1');
      assert.equal(Math.floor(Date.parse(stored.dynamic_registration!.registered_at) / 1000), client_id_issued_at);

      const [entry] = await stores().logs.list({ type: 'dcr_success', limit: 1 });
      assert.equal(entry?.clientId, client_id);
      assert.equal(entry?.ip, '127.0.0.1');
      assert.equal(entry?.userAgent, 'latchkey-test/1');
    });

    it("applies Auth0's classic defaults to a body with redirect_uris only (the registration guide's implicit flow works)", async () => {
      const res = await register(server.url, { redirect_uris: ['https://app.example.com/callback'] }, { 'content-type': 'application/json; charset=UTF-8' });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(Object.keys(res.body).sort(), [
        'application_type',
        'client_id',
        'client_id_issued_at',
        'client_name',
        'client_secret',
        'client_secret_expires_at',
        'grant_types',
        'redirect_uris',
        'response_types',
        'token_endpoint_auth_method',
      ]);
      assert.equal(res.body.client_name, 'My App');
      assert.equal(res.body.token_endpoint_auth_method, 'client_secret_post');
      assert.deepEqual(res.body.grant_types, ['authorization_code', 'implicit', 'refresh_token']);
      assert.deepEqual(res.body.response_types, ['code', 'token', 'id_token', 'id_token token', 'code id_token']);
      assert.equal(res.body.application_type, 'web');
      assert.equal(res.body.client_secret_expires_at, 0);
    });

    it('gives a public (none) client no secret and stores it as a spa', async () => {
      const res = await register(server.url, { redirect_uris: ['https://spa.example.com/cb'], token_endpoint_auth_method: 'none' });
      assert.equal(res.status, 201, res.text);
      assert.equal('client_secret' in res.body, false);
      assert.equal(res.body.client_secret_expires_at, 0);
      const stored = await stores().clients.findById(res.body.client_id);
      assert.equal(stored?.client_secret, null);
      assert.equal(stored?.app_type, 'spa');
      assert.equal(stored?.is_first_party, false);
    });

    it('accepts native clients on loopback http (any port) and private-use schemes', async () => {
      const redirect_uris = [
        'http://127.0.0.1:51234/callback',
        'http://[::1]:8080/cb',
        'http://localhost/cb',
        'com.example.app:/oauth2redirect',
        'https://app.example.com/native',
      ];
      const res = await register(server.url, { redirect_uris, application_type: 'native', token_endpoint_auth_method: 'none' });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(res.body.redirect_uris, redirect_uris);
      assert.equal((await stores().clients.findById(res.body.client_id))?.app_type, 'native');
    });

    it('derives grant_types from response_types and accepts consistent implicit/hybrid sets', async () => {
      const derived = await register(server.url, { redirect_uris: ['https://app.example.com/cb'], response_types: ['code', 'token id_token'] });
      assert.equal(derived.status, 201, derived.text);
      assert.deepEqual(derived.body.grant_types, ['authorization_code', 'implicit']);
      assert.deepEqual(derived.body.response_types, ['code', 'id_token token']);
      const fromGrants = await register(server.url, { redirect_uris: ['https://app.example.com/cb'], grant_types: ['implicit'] });
      assert.equal(fromGrants.status, 201, fromGrants.text);
      assert.deepEqual(fromGrants.body.response_types, ['token']);
    });

    it('ignores metadata it does not know, including prototype keys, and treats null as absent', async () => {
      const raw =
        '{"redirect_uris":["https://app.example.com/cb"],"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},' +
        '"client_name#ja-Jpan-JP":"アプリ","frobnicate":{"deep":[1,{"x":null}]},"logo_uri":null,"registration_access_token":"mine"}';
      const res = await register(server.url, raw);
      assert.equal(res.status, 201, res.text);
      for (const key of ['__proto__', 'constructor', 'client_name#ja-Jpan-JP', 'frobnicate', 'logo_uri', 'registration_access_token']) {
        assert.equal(Object.hasOwn(res.body, key), false, key);
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal((await stores().clients.findById(res.body.client_id))?.registration_metadata?.polluted, undefined);
    });

    it('sees a flag flip at once, without waiting for the tenant cache', async () => {
      await configureRegistration(server, { enabled: false });
      const off = await register(server.url, { redirect_uris: ['https://app.example.com/cb'] });
      assert.equal(off.text, DISABLED);
      await configureRegistration(server);
      assert.equal((await register(server.url, { redirect_uris: ['https://app.example.com/cb'] })).status, 201);
    });

    it('strict mode: tpc_ client ids, marked strict, only authorization_code and refresh_token', async () => {
      await configureRegistration(server, { dynamic_client_registration_security_mode: 'strict' });
      const res = await register(server.url, {
        redirect_uris: ['https://app.example.com/cb'],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      });
      assert.equal(res.status, 201, res.text);
      assert.match(res.body.client_id, /^tpc_[A-Za-z0-9]{32}$/);
      assert.deepEqual(res.body.grant_types, ['authorization_code', 'refresh_token']);
      const stored = await stores().clients.findById(res.body.client_id);
      assert.equal(stored?.third_party_security_mode, 'strict');
      assert.equal(stored?.is_first_party, false);

      const byDefault = await register(server.url, { redirect_uris: ['https://app.example.com/cb'] });
      assert.match(byDefault.body.client_id, /^tpc_/);
      assert.deepEqual(byDefault.body.grant_types, ['authorization_code']);

      for (const body of [
        { redirect_uris: ['https://app.example.com/cb'], grant_types: ['implicit'] },
        { redirect_uris: ['https://app.example.com/cb'], grant_types: ['authorization_code', 'implicit'], response_types: ['code', 'id_token'] },
        { redirect_uris: ['https://app.example.com/cb'], response_types: ['token'] },
      ]) {
        const refused = await register(server.url, body);
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.equal(refused.body.error, 'invalid_client_metadata');
        assert.match(refused.body.error_description, /strict mode/);
      }
      await configureRegistration(server);
    });

    it('answers a CORS preflight and carries Access-Control-Allow-Origin on errors', async () => {
      const preflight = await fetch(`${server.url}/oidc/register`, {
        method: 'OPTIONS',
        headers: { origin: 'https://inspector.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
      assert.equal(preflight.headers.get('access-control-allow-credentials'), null);
      const refused = await register(server.url, { redirect_uris: 'nope' }, { 'content-type': 'application/json', origin: 'https://inspector.example' });
      assert.equal(refused.status, 400);
      assert.equal(refused.headers.get('access-control-allow-origin'), '*');
    });
  });
}
