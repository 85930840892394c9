// Revocation (RFC 7009), /v2/logout and /oidc/logout, and CORS on the browser-facing endpoints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createUser, defaultStores, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough, formAction, formField } from '../helpers/user-agent.ts';
import type { Client } from '../../src/domain/client.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const SPA_ORIGIN = 'https://spa.example.com';
const LOGGED_OUT = 'http://127.0.0.1:9/logged-out';

for (const dialect of dialects()) {
  describe(`revoke, logout and CORS (${dialect})`, () => {
    let server: TestServer;
    let client: Client;

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], allowedOrigins: [SPA_ORIGIN], allowedLogoutUrls: [LOGGED_OUT] });
      await createUser(server, { email: 'ada@example.com', password: 'correct horse battery' });
      await createUser(server, { email: 'bob@example.com', password: 'correct horse battery' });
    });
    after(() => server.close());

    /** Signs in with `agent` and exchanges the code; returns the token response. */
    async function signIn(agent: UserAgent, headers: Record<string, string> = {}, email = 'ada@example.com') {
      const url =
        `${server.url}/authorize?` +
        new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid offline_access', state: 's' });
      const hop = await authorizeThrough(agent, server.url, url, { email, password: 'correct horse battery', consent: 'accept' });
      const code = new URL(hop.location!).searchParams.get('code')!;
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          client_id: client.client_id,
          client_secret: client.client_secret!,
        }),
      });
      assert.equal(res.status, 200);
      return { res, body: (await res.json()) as { access_token: string; refresh_token: string; id_token: string } };
    }

    const token = (params: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(params) });

    test('revoking a refresh token: 200 with an empty body, and the token stops working', async () => {
      const { body } = await signIn(new UserAgent());
      const revoke = await fetch(`${server.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: client.client_id, client_secret: client.client_secret, token: body.refresh_token }),
      });
      assert.equal(revoke.status, 200);
      assert.equal(await revoke.text(), '');
      const refreshed = await token({
        grant_type: 'refresh_token',
        refresh_token: body.refresh_token,
        client_id: client.client_id,
        client_secret: client.client_secret!,
      });
      assert.equal(refreshed.status, 403);
      assert.deepEqual(await refreshed.json(), { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
      const unknown = await fetch(`${server.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: client.client_id, client_secret: client.client_secret!, token: 'not-a-token' }),
      });
      assert.equal(unknown.status, 200);
    });

    test('CORS: preflight allows Auth0-Client; responses are readable from the client’s origins only', async () => {
      const preflight = await fetch(`${server.url}/oauth/token`, {
        method: 'OPTIONS',
        headers: { origin: SPA_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'auth0-client, content-type' },
      });
      assert.equal(preflight.status, 204);
      assert.match(preflight.headers.get('access-control-allow-headers')!, /Auth0-Client/);

      const { res, body } = await signIn(new UserAgent(), { origin: SPA_ORIGIN, 'auth0-client': 'eyJuYW1lIjoidGVzdCJ9' });
      assert.equal(res.headers.get('access-control-allow-origin'), SPA_ORIGIN);
      // The callback's origin counts too; an unrelated origin gets no allow-origin header.
      const fromCallback = await token(
        { grant_type: 'refresh_token', refresh_token: body.refresh_token, client_id: client.client_id, client_secret: client.client_secret! },
        { origin: 'http://127.0.0.1:9' },
      );
      assert.equal(fromCallback.headers.get('access-control-allow-origin'), 'http://127.0.0.1:9');
      const evil = await token(
        { grant_type: 'refresh_token', refresh_token: 'x', client_id: client.client_id, client_secret: client.client_secret! },
        { origin: 'https://evil.example.com' },
      );
      assert.equal(evil.status, 403);
      assert.equal(evil.headers.get('access-control-allow-origin'), null);
      // Error responses to an allowed origin stay readable (spa-js reads error_description).
      const failed = await token(
        { grant_type: 'refresh_token', refresh_token: 'x', client_id: client.client_id, client_secret: client.client_secret! },
        { origin: SPA_ORIGIN },
      );
      assert.equal(failed.status, 403);
      assert.equal(failed.headers.get('access-control-allow-origin'), SPA_ORIGIN);

      const info = await fetch(`${server.url}/userinfo`, { headers: { authorization: `Bearer ${body.access_token}`, origin: SPA_ORIGIN } });
      assert.equal(info.status, 200);
      assert.equal(info.headers.get('access-control-allow-origin'), SPA_ORIGIN);
      const revoke = await fetch(`${server.url}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SPA_ORIGIN },
        body: JSON.stringify({ client_id: client.client_id, client_secret: client.client_secret, token: 'x' }),
      });
      assert.equal(revoke.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    });

    test('/userinfo refuses missing and invalid tokens with a Bearer challenge', async () => {
      const missing = await fetch(`${server.url}/userinfo`);
      assert.equal(missing.status, 401);
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer realm="latchkey"');
      const invalid = await fetch(`${server.url}/userinfo`, { headers: { authorization: 'Bearer abc.def.ghi' } });
      assert.equal(invalid.status, 401);
      assert.deepEqual(await invalid.json(), { error: 'invalid_token', error_description: 'The access token is invalid or expired.' });
    });

    test('/v2/logout: returnTo must be an allowed logout URL', async () => {
      const agent = new UserAgent();
      await signIn(agent);
      const refused = await agent.get(`${server.url}/v2/logout?` + new URLSearchParams({ client_id: client.client_id, returnTo: 'https://evil.example.com/' }));
      assert.equal(refused.status, 400);
      assert.equal(refused.location, undefined);
      assert.ok(agent.cookies.has('latchkey_session'));
      // A self-registered client is under open_redirect_protection: the page offers the link.
      const done = await agent.get(`${server.url}/v2/logout?` + new URLSearchParams({ client_id: client.client_id, returnTo: LOGGED_OUT }));
      assert.equal(done.status, 200);
      assert.equal(done.location, undefined);
      assert.ok(done.body.includes(`href="${LOGGED_OUT}"`), done.body);
      assert.equal(agent.cookies.has('latchkey_session'), false);
      // Once the owner allows it (redirection_policy allow_always), the browser is sent there.
      const stores = await defaultStores(server);
      assert.ok(await stores.clients.replace({ ...client, redirection_policy: 'allow_always' }));
      try {
        await signIn(agent);
        const sent = await agent.get(`${server.url}/v2/logout?` + new URLSearchParams({ client_id: client.client_id, returnTo: LOGGED_OUT }));
        assert.equal(sent.status, 302);
        assert.equal(sent.location, LOGGED_OUT);
      } finally {
        assert.ok(await stores.clients.replace(client));
      }
    });

    test('/oidc/logout: with id_token_hint at once (state passed back); without it after confirmation', async () => {
      const agent = new UserAgent();
      const { body } = await signIn(agent);
      const hinted = await agent.get(
        `${server.url}/oidc/logout?` + new URLSearchParams({ id_token_hint: body.id_token, post_logout_redirect_uri: LOGGED_OUT, state: 'bye' }),
      );
      assert.equal(hinted.status, 302);
      assert.equal(hinted.location, `${LOGGED_OUT}?state=bye`);
      assert.equal(agent.cookies.has('latchkey_session'), false);

      await signIn(agent);
      const bad = await agent.get(
        `${server.url}/oidc/logout?` + new URLSearchParams({ client_id: client.client_id, post_logout_redirect_uri: 'https://evil.example.com/' }),
      );
      assert.equal(bad.status, 400);
      const confirm = await agent.get(
        `${server.url}/oidc/logout?` + new URLSearchParams({ client_id: client.client_id, post_logout_redirect_uri: LOGGED_OUT }),
      );
      assert.equal(confirm.status, 200);
      assert.ok(agent.cookies.has('latchkey_session'));
      const action = formAction(confirm.body, confirm.url);
      const fields = { csrf: formField(confirm.body, 'csrf')!, client_id: client.client_id, post_logout_redirect_uri: LOGGED_OUT, logout: 'yes' };
      assert.equal((await agent.post(action, { ...fields, csrf: 'forged' })).status, 403);
      // Without a hint from this session, a protected client's URL is offered, not followed.
      const done = await agent.post(action, fields);
      assert.equal(done.status, 200);
      assert.ok(done.body.includes(`href="${LOGGED_OUT}"`), done.body);
      assert.equal(agent.cookies.has('latchkey_session'), false);
    });

    test('/oidc/logout: a hint issued to another session of the same user asks first; a protected client gets a link after', async () => {
      const other = new UserAgent();
      const { body } = await signIn(other);
      const agent = new UserAgent();
      await signIn(agent);
      const res = await agent.get(`${server.url}/oidc/logout?` + new URLSearchParams({ id_token_hint: body.id_token, post_logout_redirect_uri: LOGGED_OUT }));
      assert.equal(res.status, 200);
      assert.equal(res.location, undefined);
      assert.ok(res.body.includes('id="another-session"'), res.body);
      assert.ok(agent.cookies.has('latchkey_session'), 'nothing ended before the user confirmed');
      const fields = { csrf: formField(res.body, 'csrf')!, client_id: client.client_id, post_logout_redirect_uri: LOGGED_OUT, logout: 'yes' };
      assert.equal(formField(res.body, 'id_token_hint'), undefined, 'the page does not carry the ID token');
      const done = await agent.post(formAction(res.body, res.url), fields);
      assert.equal(done.status, 200);
      assert.ok(done.body.includes(`href="${LOGGED_OUT}"`), done.body);
      assert.equal(agent.cookies.has('latchkey_session'), false);
      assert.ok(other.cookies.has('latchkey_session'));
    });

    test("/oidc/logout (RP-Initiated Logout §2): another user's id_token_hint ends nothing and redirects nowhere until the user confirms; then as before", async () => {
      const stores = await defaultStores(server);
      assert.ok(await stores.clients.replace({ ...client, redirection_policy: 'allow_always' }));
      try {
        const bob = new UserAgent();
        const { body: bobTokens } = await signIn(bob, {}, 'bob@example.com');
        const agent = new UserAgent();
        const { body: adaTokens } = await signIn(agent);
        const url =
          `${server.url}/oidc/logout?` + new URLSearchParams({ id_token_hint: bobTokens.id_token, post_logout_redirect_uri: LOGGED_OUT, state: 'bye' });
        const asked = await agent.get(url);
        assert.equal(asked.status, 200);
        assert.equal(asked.location, undefined);
        assert.ok(asked.body.includes('id="another-session"'));
        assert.ok(agent.cookies.has('latchkey_session'));
        // Still signed in: a silent authorization finds the session (a third-party app still
        // needs consent for prompt=none; without a session the answer would be login_required).
        const silent = () =>
          agent.get(
            `${server.url}/authorize?` +
              new URLSearchParams({ client_id: client.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', prompt: 'none', state: 's' }),
          );
        assert.equal(new URL((await silent()).location!).searchParams.get('error'), 'consent_required');

        const fields = { csrf: formField(asked.body, 'csrf')!, client_id: client.client_id, post_logout_redirect_uri: LOGGED_OUT, state: 'bye' };
        assert.equal(formField(asked.body, 'state'), 'bye');
        const cancelled = await agent.post(formAction(asked.body, asked.url), { ...fields, logout: 'no' });
        assert.equal(cancelled.status, 302);
        assert.ok(agent.cookies.has('latchkey_session'), 'cancelling ends nothing');
        const confirmed = await agent.post(formAction(asked.body, asked.url), { ...fields, logout: 'yes' });
        assert.equal(confirmed.status, 302);
        assert.equal(confirmed.location, `${LOGGED_OUT}?state=bye`);
        assert.equal(agent.cookies.has('latchkey_session'), false);
        assert.equal(new URL((await silent()).location!).searchParams.get('error'), 'login_required');
        assert.ok(bob.cookies.has('latchkey_session'), "the hint's own session is not touched");

        // The user's own hint still ends the session at once.
        await signIn(agent);
        const own = await agent.get(
          `${server.url}/oidc/logout?` + new URLSearchParams({ id_token_hint: (await signIn(agent)).body.id_token, post_logout_redirect_uri: LOGGED_OUT }),
        );
        assert.equal(own.status, 302);
        assert.equal(own.location, LOGGED_OUT);
        assert.ok(adaTokens.id_token);
      } finally {
        assert.ok(await stores.clients.replace(client));
      }
    });
  });
}
