// A password change through the Management API (and so the dashboard, which uses it) ends the
// user's sessions and revokes their refresh tokens; another user's stay.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createUser, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { sdkClient } from '../management/helpers.ts';
import type { Client } from '../../src/domain/client.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';

for (const dialect of dialects()) {
  describe(`password change ends sessions and refresh tokens (${dialect})`, () => {
    let server: TestServer;
    let client: Client;
    let mgmt: ManagementClient;

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT] });
      // The loopback callback would otherwise ask again on every authorization (RFC 8252 §8.6).
      await skipCallbackConfirmation(server);
      mgmt = sdkClient(server, server.credentials.management);
    });
    after(() => server.close());

    const authorizeUrl = (extra: Record<string, string> = {}) =>
      `${server.url}/authorize?` +
      new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid offline_access', state: 's', ...extra });

    async function signIn(agent: UserAgent, email: string, password: string) {
      const hop = await authorizeThrough(agent, server.url, authorizeUrl(), { email, password, consent: 'accept' });
      const code = new URL(hop.location!).searchParams.get('code')!;
      const res = await fetch(`${server.url}/oauth/token`, {
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
      assert.equal(res.status, 200);
      return ((await res.json()) as { refresh_token: string }).refresh_token;
    }

    const refresh = (refresh_token: string) =>
      fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token, client_id: client.client_id, client_secret: client.client_secret }),
      });

    /** Where a silent authorization (prompt=none) lands: a code while the session lives, login_required after. */
    async function silent(agent: UserAgent): Promise<string | null> {
      const hop = await agent.follow(await agent.get(authorizeUrl({ prompt: 'none' })), server.url);
      const params = new URL(hop.location!).searchParams;
      return params.get('code') ? 'code' : params.get('error');
    }

    test('PATCH password: sessions end, refresh tokens stop working; the other user keeps theirs', async () => {
      const ada = await createUser(server, { email: 'ada@example.com', password: 'Correct-horse-1' });
      await createUser(server, { email: 'bob@example.com', password: 'Battery-staple-2' });
      const adaAgent = new UserAgent();
      const bobAgent = new UserAgent();
      const adaRefresh = await signIn(adaAgent, 'ada@example.com', 'Correct-horse-1');
      const bobRefresh = await signIn(bobAgent, 'bob@example.com', 'Battery-staple-2');
      assert.equal(await silent(adaAgent), 'code');

      await mgmt.users.update(ada.user_id, { password: 'New-password-3', connection: 'Username-Password-Authentication' });

      assert.equal(await silent(adaAgent), 'login_required');
      const refused = await refresh(adaRefresh);
      assert.equal(refused.status, 403); // Auth0 answers a refused refresh token with 403 invalid_grant
      assert.equal(((await refused.json()) as { error: string }).error, 'invalid_grant');
      assert.equal(await silent(bobAgent), 'code');
      assert.equal((await refresh(bobRefresh)).status, 200);
      // The new password signs in.
      assert.ok(await signIn(new UserAgent(), 'ada@example.com', 'New-password-3'));
    });
  });
}
