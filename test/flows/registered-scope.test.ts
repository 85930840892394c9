// RFC 7591 §2: the `scope` a client registered bounds what it is granted at /authorize; a
// client registered without one gets what the tenant's APIs and OIDC define, as before.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startCodeFlow } from '../helpers/openid-client.ts';
import { decodeJwt } from 'jose';
import { startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createUser, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const API = 'https://contacts.example.com/';
const ASKED = 'openid profile email offline_access read:contacts';

describe('the registered scope bounds what a client is granted', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ dialect: 'sqlite', publicUrlFromPort: true });
    await createApi(server, { identifier: API });
    await createUser(server, { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada Lovelace' });
  });
  after(() => server.close());

  async function grantedScope(scope: string | undefined): Promise<string> {
    const client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], ...(scope ? { scope } : {}) });
    const { config, url, verifier } = await startCodeFlow(server.url, client, { redirect_uri: REDIRECT, scope: ASKED, audience: API });
    const hop = await authorizeThrough(new UserAgent(), server.url, url.href, {
      email: 'ada@example.com',
      password: 'correct horse battery',
      consent: 'accept',
    });
    assert.ok(hop.location?.startsWith(`${REDIRECT}?`), hop.location ?? hop.body.slice(0, 300));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(hop.location!), { pkceCodeVerifier: verifier, expectedNonce: 'n', idTokenExpected: true });
    assert.equal(decodeJwt(tokens.access_token).scope, tokens.scope);
    return tokens.scope!;
  }

  test('a client registered with scope "openid offline_access" gets no profile, email or API scope', async () => {
    assert.equal(await grantedScope('openid offline_access'), 'openid offline_access');
  });

  test('openid stays available (it asks for an ID token, not access)', async () => {
    assert.equal(await grantedScope('read:contacts'), 'openid read:contacts');
  });

  test('without a registered scope, what the tenant defines', async () => {
    assert.equal(await grantedScope(undefined), ASKED);
  });
});
