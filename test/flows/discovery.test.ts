// Discovery lists every sign-in endpoint, PKCE S256 only, and the response types and modes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';

describe('discovery of the sign-in endpoints', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ dialect: 'sqlite', publicUrlFromPort: true });
  });
  after(() => server.close());

  test('both well-known documents list the endpoints that exist', async () => {
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const doc = await (await fetch(`${server.url}${path}`)).json();
      const issuer = `${server.url}/`;
      assert.equal(doc.issuer, issuer);
      assert.equal(doc.authorization_endpoint, `${issuer}authorize`);
      assert.equal(doc.token_endpoint, `${issuer}oauth/token`);
      assert.equal(doc.userinfo_endpoint, `${issuer}userinfo`);
      assert.equal(doc.revocation_endpoint, `${issuer}oauth/revoke`);
      assert.equal(doc.end_session_endpoint, `${issuer}oidc/logout`);
      assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
      assert.deepEqual(doc.response_modes_supported, ['query', 'fragment', 'form_post']);
      assert.deepEqual(doc.response_types_supported, ['code', 'token', 'id_token', 'code token', 'code id_token', 'id_token token', 'code id_token token']);
      assert.equal(doc.authorization_response_iss_parameter_supported, true);
      for (const url of [doc.authorization_endpoint, doc.userinfo_endpoint, doc.end_session_endpoint]) {
        assert.notEqual((await fetch(url, { redirect: 'manual' })).status, 404, url);
      }
    }
  });
});
