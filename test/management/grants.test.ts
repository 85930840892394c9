// Auth0's user grants (/api/v2/grants): the consents users gave apps, through the auth0 SDK v7
// (userGrants) and its legacy v4 client (grants.getAll / delete / deleteByUserId). Removing a
// grant revokes the refresh tokens issued under it, and the next authorization asks again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createUser, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough, formAction, formField } from '../helpers/user-agent.ts';
import { all, legacySdkClient, managementToken, request, sdkClient } from './helpers.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const API = 'https://notes.example.com/';
const PASSWORD = 'correct horse battery';

for (const dialect of dialects()) {
  describe(`user grants /api/v2/grants (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    const users: Record<string, string> = {};
    const apps: Record<string, { id: string; config: oidc.Configuration }> = {};

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      await skipCallbackConfirmation(server);
      await createApi(server, { identifier: API, scopes: [{ value: 'read:notes', description: 'Read your notes' }], allowOfflineAccess: true });
      for (const name of ['Notes Reader', 'Calendar']) {
        const client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], name });
        const config = await oidc.discovery(new URL(server.url), client.client_id, undefined, oidc.ClientSecretPost(client.client_secret!), {
          execute: [oidc.allowInsecureRequests],
        });
        apps[name] = { id: client.client_id, config };
      }
      for (const email of ['ada@example.com', 'bob@example.com']) users[email] = (await createUser(server, { email, password: PASSWORD })).user_id;
      token = await managementToken(server, server.credentials.management);
    });
    after(() => server.close());

    /** Signs `email` in to `app` (consenting when asked); returns the tokens and the consent page seen, if any. */
    async function authorize(app: string, email: string, agent = new UserAgent(), audience: string | null = API) {
      const { config } = apps[app]!;
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: audience ? 'openid offline_access read:notes' : 'openid offline_access',
        ...(audience ? { audience } : {}),
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 's',
      });
      let hop = await authorizeThrough(agent, server.url, url.href, { email, password: PASSWORD });
      const consentShown = !hop.location && hop.status === 200 && formAction(hop.body, hop.url).includes('/u/consent');
      if (consentShown)
        hop = await agent.follow(await agent.post(formAction(hop.body, hop.url), { csrf: formField(hop.body, 'csrf') ?? '', decision: 'accept' }), server.url);
      assert.equal(hop.status, 302, hop.body.slice(0, 300));
      const tokens = await oidc.authorizationCodeGrant(config, new URL(hop.location!), { pkceCodeVerifier: verifier, expectedState: 's' });
      return { tokens, agent, consentShown };
    }

    test("v7 SDK: userGrants.list with filters, paging and totals; the item shape is Auth0's", async () => {
      await authorize('Notes Reader', 'ada@example.com');
      await authorize('Calendar', 'ada@example.com', undefined, null);
      await authorize('Notes Reader', 'bob@example.com');
      const mgmt = sdkClient(server, server.credentials.management);

      const ada = await all(await mgmt.userGrants.list({ user_id: users['ada@example.com']! }));
      assert.equal(ada.length, 2);
      const notes = ada.find((g) => g.clientID === apps['Notes Reader']!.id)!;
      assert.match(notes.id!, /^[0-9a-f]{24}$/);
      assert.deepEqual(
        { ...notes, id: undefined },
        {
          id: undefined,
          clientID: apps['Notes Reader']!.id,
          user_id: users['ada@example.com'],
          audience: API,
          scope: ['openid', 'offline_access', 'read:notes'],
        },
      );
      const calendar = ada.find((g) => g.clientID === apps.Calendar!.id)!;
      assert.equal(calendar.audience, `${server.url}/userinfo`, 'a sign-in without an API is a grant for /userinfo');

      const byClient = await all(await mgmt.userGrants.list({ client_id: apps['Notes Reader']!.id, per_page: 1 }));
      assert.deepEqual(byClient.map((g) => g.user_id).sort(), [users['ada@example.com'], users['bob@example.com']].sort());
      const byAudience = await all(await mgmt.userGrants.list({ audience: API }));
      assert.equal(byAudience.length, 2);

      const paged = await request(server, 'GET', '/api/v2/grants?per_page=2&page=0&include_totals=true', { token });
      assert.equal(paged.status, 200);
      assert.deepEqual({ ...paged.json, grants: paged.json.grants.length }, { start: 0, limit: 2, total: 3, grants: 2 });
      const bare = await request(server, 'GET', `/api/v2/grants?user_id=${encodeURIComponent(users['bob@example.com']!)}`, { token });
      assert.ok(Array.isArray(bare.json) && bare.json.length === 1);
    });

    test('legacy SDK: grants.getAll and grants.delete; the refresh token dies and consent is asked again', async () => {
      const legacy = legacySdkClient(server, server.credentials.management);
      const { tokens, agent } = await authorize('Notes Reader', 'bob@example.com');
      const { data } = await legacy.grants.getAll({ user_id: users['bob@example.com']!, client_id: apps['Notes Reader']!.id });
      assert.equal(data.length, 1);
      assert.equal(data[0]!.audience, API);

      await legacy.grants.delete({ id: data[0]!.id! });
      assert.equal((await legacy.grants.getAll({ user_id: users['bob@example.com']! })).data.length, 0);
      await assert.rejects(oidc.refreshTokenGrant(apps['Notes Reader']!.config, tokens.refresh_token!), (err: any) => err.error === 'invalid_grant');
      // The same browser session: signed in, but the app must ask again.
      const again = await authorize('Notes Reader', 'bob@example.com', agent);
      assert.equal(again.consentShown, true);
      await oidc.refreshTokenGrant(apps['Notes Reader']!.config, again.tokens.refresh_token!);

      // Unknown ids: 204, as Auth0.
      const gone = await request(server, 'DELETE', `/api/v2/grants/${data[0]!.id}`, { token });
      assert.equal(gone.status, 204);
    });

    test("deleteByUserId (both SDKs) removes only that user's grants and revokes their refresh tokens", async () => {
      const ada = await authorize('Notes Reader', 'ada@example.com');
      const bob = await authorize('Notes Reader', 'bob@example.com');
      const mgmt = sdkClient(server, server.credentials.management);
      await mgmt.userGrants.deleteByUserId({ user_id: users['ada@example.com']! });
      assert.equal((await all(await mgmt.userGrants.list({ user_id: users['ada@example.com']! }))).length, 0);
      assert.equal((await all(await mgmt.userGrants.list({ user_id: users['bob@example.com']! }))).length, 1);
      await assert.rejects(oidc.refreshTokenGrant(apps['Notes Reader']!.config, ada.tokens.refresh_token!), (err: any) => err.error === 'invalid_grant');
      const bobRefreshed = await oidc.refreshTokenGrant(apps['Notes Reader']!.config, bob.tokens.refresh_token!);

      await legacySdkClient(server, server.credentials.management).grants.deleteByUserId({ user_id: users['bob@example.com']! });
      assert.equal((await all(await mgmt.userGrants.list())).length, 0);
      await assert.rejects(oidc.refreshTokenGrant(apps['Notes Reader']!.config, bobRefreshed.refresh_token!), (err: any) => err.error === 'invalid_grant');
    });

    test('deleting a user deletes their grants', async () => {
      const carol = (await createUser(server, { email: 'carol@example.com', password: PASSWORD })).user_id;
      await authorize('Notes Reader', 'carol@example.com');
      const mgmt = sdkClient(server, server.credentials.management);
      assert.equal((await all(await mgmt.userGrants.list({ user_id: carol }))).length, 1);
      await mgmt.users.delete(carol);
      assert.equal((await all(await mgmt.userGrants.list({ user_id: carol }))).length, 0);
    });

    test('refusals: scopes, a missing user_id, unknown parameters', async () => {
      const narrow = await managementToken(server, server.credentials.management, { scope: 'read:users' });
      const list = await request(server, 'GET', '/api/v2/grants', { token: narrow });
      assert.equal(list.status, 403);
      assert.equal(list.json.message, 'Insufficient scope, expected any of: read:grants');
      const del = await request(server, 'DELETE', '/api/v2/grants/abc', { token: narrow });
      assert.equal(del.json.message, 'Insufficient scope, expected any of: delete:grants');

      const noUser = await request(server, 'DELETE', '/api/v2/grants', { token });
      assert.equal(noUser.status, 400);
      assert.equal(noUser.json.errorCode, 'invalid_query_string');
      assert.match(noUser.json.message, /Missing required property: user_id/);
      const bad = await request(server, 'DELETE', '/api/v2/grants?userid=x', { token });
      assert.equal(bad.status, 400);
      assert.match(bad.json.message, /Additional properties not allowed: userid/);
      const paging = await request(server, 'GET', '/api/v2/grants?per_page=0', { token });
      assert.equal(paging.status, 400);
    });
  });
}
