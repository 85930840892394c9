// A user's tokens after their signing key is revoked: /userinfo refuses the access token, and an
// ID token it signed is no longer a valid id_token_hint at /oidc/logout.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtectedHeader } from 'jose';
import { createUser, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { managementToken, request } from '../management/helpers.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';

for (const dialect of dialects()) {
  describe(`user tokens signed by a revoked key (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
    });
    after(() => server?.close());

    it('/userinfo accepts them until the key is revoked, then answers 401; the ID token stops being a hint', async () => {
      const client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT] });
      await createUser(server, { email: 'ada@example.com', password: 'correct horse battery' });
      const url =
        `${server.url}/authorize?` +
        new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid email', state: 's' });
      const hop = await authorizeThrough(new UserAgent(), server.url, url, { email: 'ada@example.com', password: 'correct horse battery', consent: 'accept' });
      const code = new URL(hop.location!).searchParams.get('code')!;
      const exchanged = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          client_id: client.client_id,
          client_secret: client.client_secret!,
        }),
      });
      const tokens = (await exchanged.json()) as { access_token: string; id_token: string };
      const userinfo = () => fetch(`${server.url}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      assert.equal((await userinfo()).status, 200);

      const kid = decodeProtectedHeader(tokens.access_token).kid!;
      let mgmt = await managementToken(server, server.credentials.management);
      assert.equal((await request(server, 'POST', '/api/v2/keys/signing/rotate', { token: mgmt })).status, 201);
      assert.equal((await userinfo()).status, 200, 'a previous key still verifies');

      mgmt = await managementToken(server, server.credentials.management);
      assert.equal((await request(server, 'PUT', `/api/v2/keys/signing/${kid}/revoke`, { token: mgmt })).status, 200);
      const refused = await userinfo();
      assert.equal(refused.status, 401);
      assert.match(refused.headers.get('www-authenticate')!, /^Bearer /);

      const logout = await fetch(`${server.url}/oidc/logout?` + new URLSearchParams({ id_token_hint: tokens.id_token }), { redirect: 'manual' });
      assert.equal(logout.status, 400);
    });
  });
}
