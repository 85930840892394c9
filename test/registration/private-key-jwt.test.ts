// Registering a private_key_jwt client (RFC 7591 §2, OIDC Registration 1.0 §2): its keys inline
// (public members only) or at an https jwks_uri, never both, no secret issued; the tenant's
// registration_policy applies; RFC 7592 PUT follows the same rules. On both stores.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { defaultStores } from '../helpers/fixtures.ts';
import { request } from '../management/helpers.ts';
import { configureRegistration } from './support.ts';

const REDIRECT = 'https://app.example.com/cb';
const BASE = { client_name: 'Keyed', redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'] };

for (const dialect of dialects()) {
  describe(`private_key_jwt registration (${dialect})`, () => {
    let server: TestServer;
    let host: string;
    let publicJwk: JWK;
    let privateJwk: JWK;

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      host = `127.0.0.1:${server.port}`;
      await configureRegistration(server, { registration_client_management_enabled: true });
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      publicJwk = { ...(await exportJWK(publicKey)), kid: 'k1' };
      privateJwk = { ...(await exportJWK(privateKey)), kid: 'k1' };
    });
    after(() => server.close());

    const registerWith = (body: object) => request(server, 'POST', '/oidc/register', { host, body: { ...BASE, ...body } });
    const setPolicy = async (policy: Record<string, unknown>) => {
      const storage = server.latchkey.services.storage;
      const tenant = (await storage.tenants.findDefault())!;
      await storage.tenants.updateSettings(tenant.id, (s) => ({ ...s, registration_policy: { ...s.registration_policy, ...policy } }));
    };

    it('registers with jwks or an https jwks_uri, and issues no secret', async () => {
      const inline = await registerWith({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk] } });
      assert.equal(inline.status, 201, inline.text);
      assert.equal(inline.json.client_secret, undefined);
      assert.equal(inline.json.token_endpoint_auth_method, 'private_key_jwt');
      assert.deepEqual(inline.json.jwks, { keys: [publicJwk] });
      const stored = await (await defaultStores(server)).clients.findById(inline.json.client_id, { fresh: true });
      assert.equal(stored?.client_secret, null);
      assert.equal(stored?.token_endpoint_auth_method, 'private_key_jwt');
      assert.equal(stored?.app_type, 'regular_web');

      const remote = await registerWith({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://keys.example.com/jwks.json' });
      assert.equal(remote.status, 201, remote.text);
      assert.equal(remote.json.jwks_uri, 'https://keys.example.com/jwks.json');
      assert.equal(remote.json.client_secret, undefined);
    });

    it('refuses a private_key_jwt registration without keys, with both, with a private key, or with an http jwks_uri', async () => {
      const cases: [string, object, RegExp][] = [
        ['no keys', {}, /requires jwks or jwks_uri/],
        ['both', { jwks: { keys: [publicJwk] }, jwks_uri: 'https://keys.example.com/jwks.json' }, /must not both be present/],
        ['private key', { jwks: { keys: [privateJwk] } }, /public keys only/],
        ['http jwks_uri', { jwks_uri: 'http://keys.example.com/jwks.json' }, /jwks_uri/],
        ['empty key set', { jwks: { keys: [] } }, /jwks.keys must contain/],
      ];
      for (const [name, keys, description] of cases) {
        const res = await registerWith({ token_endpoint_auth_method: 'private_key_jwt', ...keys });
        assert.equal(res.status, 400, `${name}: ${res.text}`);
        assert.equal(res.json.error, 'invalid_client_metadata', name);
        assert.match(res.json.error_description, description, name);
      }
    });

    it('applies registration_policy.allowed_token_endpoint_auth_methods', async () => {
      await setPolicy({ allowed_token_endpoint_auth_methods: ['none'] });
      const refused = await registerWith({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk] } });
      assert.equal(refused.status, 400, refused.text);
      assert.match(refused.json.error_description, /private_key_jwt not allowed/);
      await setPolicy({ allowed_token_endpoint_auth_methods: ['private_key_jwt'] });
      const allowed = await registerWith({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk] } });
      assert.equal(allowed.status, 201, allowed.text);
      const secret = await registerWith({ token_endpoint_auth_method: 'client_secret_basic' });
      assert.equal(secret.status, 400, secret.text);
      await setPolicy({ allowed_token_endpoint_auth_methods: null });
    });

    it('RFC 7592 PUT moves a client from a secret to private_key_jwt and back, with the same rules', async () => {
      const created = await registerWith({ token_endpoint_auth_method: 'client_secret_post' });
      assert.equal(created.status, 201, created.text);
      const { client_id, registration_access_token: token1, registration_client_uri: uri } = created.json;
      const path = new URL(uri).pathname;

      const noKeys = await request(server, 'PUT', path, { host, token: token1, body: { ...BASE, client_id, token_endpoint_auth_method: 'private_key_jwt' } });
      assert.equal(noKeys.status, 400, noKeys.text);
      assert.match(noKeys.json.error_description, /requires jwks or jwks_uri/);

      const keyed = await request(server, 'PUT', path, {
        host,
        token: token1,
        body: { ...BASE, client_id, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk] } },
      });
      assert.equal(keyed.status, 200, keyed.text);
      assert.equal(keyed.json.client_secret, undefined);
      assert.equal(keyed.json.token_endpoint_auth_method, 'private_key_jwt');
      const stored = await (await defaultStores(server)).clients.findById(client_id, { fresh: true });
      assert.equal(stored?.client_secret, null, 'the old secret is gone');

      const read = await request(server, 'GET', path, { host, token: keyed.json.registration_access_token });
      assert.deepEqual(read.json.jwks, { keys: [publicJwk] });

      const back = await request(server, 'PUT', path, {
        host,
        token: keyed.json.registration_access_token,
        body: { ...BASE, client_id, token_endpoint_auth_method: 'client_secret_basic' },
      });
      assert.equal(back.status, 200, back.text);
      assert.match(back.json.client_secret, /^[A-Za-z0-9_-]{64}$/, 'a new secret is issued');
    });
  });
}
