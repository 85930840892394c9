// Authorization code + PKCE with openid-client as the relying party, then /userinfo,
// refresh rotation and reuse detection, on every dialect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createUser, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough, formAction, formField } from '../helpers/user-agent.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const API = 'https://contacts.example.com/';

for (const dialect of dialects()) {
  describe(`authorization code + PKCE (${dialect})`, () => {
    let server: TestServer;
    let config: oidc.Configuration;
    let userId: string;
    let client: Awaited<ReturnType<typeof registerThirdPartyClient>>;

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], name: 'Contacts Viewer' });
      // REDIRECT is a loopback address nothing listens on. This suite is about the code flow and
      // stored consent, so the tenant skips the confirmation a loopback callback otherwise gets on
      // every authorization (non-verifiable-callbacks.test.ts covers that default).
      await skipCallbackConfirmation(server);
      await createApi(server, { identifier: API });
      userId = (await createUser(server, { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada Lovelace' })).user_id;
      config = await oidc.discovery(new URL(server.url), client.client_id, undefined, oidc.ClientSecretPost(client.client_secret!), {
        execute: [oidc.allowInsecureRequests],
      });
    });
    after(() => server.close());

    async function signIn(agent: UserAgent, extra: Record<string, string> = {}) {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid profile email offline_access read:contacts',
        audience: API,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...extra,
      });
      const hop = await authorizeThrough(agent, server.url, url.href, { email: 'ada@example.com', password: 'correct horse battery', consent: 'accept' });
      assert.equal(hop.status, 302, hop.body.slice(0, 300));
      assert.ok(hop.location?.startsWith(`${REDIRECT}?`), hop.location);
      return { callback: new URL(hop.location!), verifier, state, nonce };
    }

    test('code exchange, userinfo, refresh rotation and reuse detection', async () => {
      const agent = new UserAgent();
      const { callback, verifier, state, nonce } = await signIn(agent);
      assert.equal(callback.searchParams.get('iss'), `${server.url}/`);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });

      assert.equal(tokens.token_type, 'bearer');
      assert.equal(tokens.expires_in, 86400);
      assert.equal(tokens.scope, 'openid profile email offline_access read:contacts');
      assert.ok(tokens.refresh_token);
      const at = decodeJwt(tokens.access_token);
      assert.deepEqual(at.aud, [API, `${server.url}/userinfo`]);
      assert.equal(at.sub, userId);
      assert.equal(at.azp, config.clientMetadata().client_id);
      assert.equal(at.scope, 'openid profile email offline_access read:contacts');
      assert.equal(at.exp! - at.iat!, 86400);
      const id = tokens.claims()!;
      assert.equal(id.sub, userId);
      assert.equal(id.aud, config.clientMetadata().client_id);
      assert.equal(id.nonce, nonce);
      assert.equal(id.email, 'ada@example.com');
      assert.equal(id.name, 'Ada Lovelace');
      assert.equal(typeof id.sid, 'string');
      assert.equal(id.exp - id.iat, 36000);
      assert.equal(typeof id.auth_time, 'number');

      const info = await oidc.fetchUserInfo(config, tokens.access_token, userId);
      assert.deepEqual(
        { sub: info.sub, email: info.email, email_verified: info.email_verified, name: info.name, nickname: info.nickname },
        { sub: userId, email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace', nickname: 'ada' },
      );

      // Rotation: each refresh returns a new refresh token and an ID token without nonce.
      const second = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.ok(second.refresh_token && second.refresh_token !== tokens.refresh_token);
      assert.equal(second.claims()!.sub, userId);
      assert.equal(second.claims()!.nonce, undefined);
      const third = await oidc.refreshTokenGrant(config, second.refresh_token!);
      assert.ok(third.refresh_token);

      // Reuse of a rotated token: refused, and the whole family is revoked.
      await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (err: any) => {
        assert.equal(err.error, 'invalid_grant');
        assert.equal(err.error_description, 'Unknown or invalid refresh token.');
        assert.equal(err.status, 403);
        return true;
      });
      await assert.rejects(oidc.refreshTokenGrant(config, third.refresh_token!), (err: any) => err.error === 'invalid_grant');
    });

    test('a second authorization in the same session asks for neither login nor consent', async () => {
      const agent = new UserAgent();
      await signIn(agent);
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid read:contacts',
        audience: API,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'again',
      });
      const hop = await agent.get(url.href);
      assert.equal(hop.status, 302);
      const back = new URL(hop.location!);
      assert.equal(back.origin + back.pathname, REDIRECT);
      assert.equal(back.searchParams.get('state'), 'again');
      assert.ok(back.searchParams.get('code'));
    });

    test('response_mode=form_post answers with a form that posts the response to the redirect URI', async () => {
      const agent = new UserAgent();
      await signIn(agent);
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid read:contacts',
        audience: API,
        response_mode: 'form_post',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'posted',
      });
      const hop = await agent.get(url.href);
      assert.equal(hop.status, 200);
      assert.equal(formAction(hop.body, hop.url), REDIRECT);
      assert.equal(formField(hop.body, 'state'), 'posted');
      assert.equal(formField(hop.body, 'iss'), `${server.url}/`);
      assert.match(formField(hop.body, 'code')!, /^[A-Za-z0-9_-]{43}$/);
    });

    test('a replayed code is refused and revokes the refresh token it issued', async () => {
      const { callback, verifier, state, nonce } = await signIn(new UserAgent());
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      const form = { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: REDIRECT, code_verifier: verifier };
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, client_id: client.client_id, client_secret: client.client_secret! }),
      });
      assert.equal(res.status, 403);
      assert.deepEqual(await res.json(), { error: 'invalid_grant', error_description: 'Invalid authorization code' });
      await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (err: any) => err.error_description === 'Unknown or invalid refresh token.');
    });
  });
}
