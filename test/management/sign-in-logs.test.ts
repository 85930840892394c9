// Sign-in logs: each Auth0 log type appears in GET /api/v2/logs after the action that causes it
// (login page, sign-up API, dashboard sign-in, code/refresh/client-credentials exchanges,
// logout, Management API writes), with date, ip, user agent, client and user; filters by type,
// user_id, client_id and date range; no secret or token in any entry. On every dialect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createUser, registerThirdPartyClient, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { Browserless } from '../dashboard/support.ts';
import { managementToken, request } from './helpers.ts';
import type { LogView } from '../../src/dashboard/pages/logs.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const LOGGED_OUT = 'https://app.example.com/bye';
const PASSWORD = 'correct horse battery';
const UA = 'sign-in-logs-test/1';

for (const dialect of dialects()) {
  describe(`sign-in logs (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let config: oidc.Configuration;
    let client: Awaited<ReturnType<typeof registerThirdPartyClient>>;
    let userId: string;
    /** strings that must never appear in the log */
    const secrets: string[] = [];
    const started = new Date();

    const logs = async (q: string): Promise<LogView[]> => {
      const res = await request(server, 'GET', `/api/v2/logs?per_page=100&q=${encodeURIComponent(q)}`, { token });
      assert.equal(res.status, 200, res.text);
      return res.json;
    };
    const one = async (type: string): Promise<LogView> => {
      const found = await logs(`type:${type}`);
      assert.ok(found.length > 0, `no ${type} entry`);
      return found[0]!;
    };

    async function signIn(agent: UserAgent, password = PASSWORD) {
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid email offline_access',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const hop = await authorizeThrough(agent, server.url, url.href, { email: 'ada@example.com', password, consent: 'accept' });
      return { hop, verifier };
    }

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      token = await managementToken(server, server.credentials.management);
      client = await registerThirdPartyClient(server, { redirectUris: [REDIRECT], name: 'Contacts Viewer', allowedLogoutUrls: [LOGGED_OUT] });
      await skipCallbackConfirmation(server);
      userId = (await createUser(server, { email: 'ada@example.com', password: PASSWORD })).user_id;
      secrets.push(PASSWORD, client.client_secret!, server.credentials.management.client_secret, server.credentials.admin.password, token);
      config = await oidc.discovery(new URL(server.url), client.client_id, undefined, oidc.ClientSecretPost(client.client_secret!), {
        execute: [oidc.allowInsecureRequests],
        [oidc.customFetch]: (url: string, options: oidc.CustomFetchOptions) =>
          fetch(url, { ...options, headers: { ...options.headers, 'user-agent': UA } } as RequestInit),
      });
    });
    after(() => server?.close());

    test('login page: fu, fp, then s with the client and the user', async () => {
      const agent = new UserAgent();
      const unknown = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid' });
      await authorizeThrough(agent, server.url, unknown.href, { email: 'nobody@example.com', password: 'whatever-1' });
      await signIn(new UserAgent(), 'not the password');
      const { hop } = await signIn(agent);
      assert.equal(hop.status, 302);

      const fu = await one('fu');
      assert.equal(fu.user_name, 'nobody@example.com');
      assert.equal(fu.user_id, undefined);
      const fp = await one('fp');
      assert.equal(fp.user_id, userId);
      assert.equal(fp.description, 'Wrong email or password.');
      const s = await one('s');
      assert.deepEqual(
        { client_id: s.client_id, client_name: s.client_name, user_id: s.user_id, user_name: s.user_name, ip: s.ip, description: s.description },
        {
          client_id: client.client_id,
          client_name: 'Contacts Viewer',
          user_id: userId,
          user_name: 'ada@example.com',
          ip: '127.0.0.1',
          description: 'Success Login',
        },
      );
      assert.ok(new Date(s.date) >= started);
    });

    test('token endpoint: seacft, feacft (code replay), sertft, fertft, seccft, feccft', async () => {
      const { hop, verifier } = await signIn(new UserAgent());
      const callback = new URL(hop.location!);
      secrets.push(callback.searchParams.get('code')!, verifier);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier });
      secrets.push(tokens.access_token, tokens.refresh_token!, tokens.id_token!);
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      secrets.push(refreshed.access_token, refreshed.refresh_token!);
      await assert.rejects(oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier }));
      await assert.rejects(oidc.refreshTokenGrant(config, 'not-a-refresh-token'));
      const badSecret = await request(server, 'POST', '/oauth/token', {
        body: {
          grant_type: 'client_credentials',
          client_id: server.credentials.management.client_id,
          client_secret: 'wrong-secret',
          audience: server.credentials.management.audience,
        },
      });
      assert.equal(badSecret.status, 401);

      const seacft = await one('seacft');
      assert.equal(seacft.client_id, client.client_id);
      assert.equal(seacft.user_id, userId);
      assert.equal(seacft.user_agent, UA);
      assert.equal(seacft.description, 'Authorization Code for Access Token');
      const feacft = await one('feacft');
      assert.equal(feacft.details.error, 'invalid_grant');
      assert.equal(feacft.client_id, client.client_id);
      assert.equal((await one('sertft')).user_id, userId);
      assert.equal((await one('fertft')).details.error, 'invalid_grant');
      // The test's own Management token was a client credentials exchange.
      assert.equal((await one('seccft')).client_id, server.credentials.management.client_id);
      const feccft = await one('feccft');
      assert.equal(feccft.details.error, 'invalid_client');
      assert.equal(feccft.client_id, server.credentials.management.client_id);
    });

    test('logout: slo', async () => {
      const agent = new UserAgent();
      await signIn(agent);
      const out = await agent.get(`${server.url}/v2/logout?` + new URLSearchParams({ client_id: client.client_id, returnTo: LOGGED_OUT }));
      assert.ok([200, 302].includes(out.status), String(out.status));
      const slo = await one('slo');
      assert.equal(slo.client_id, client.client_id);
      assert.equal(slo.description, 'Success Logout');
    });

    test('sign-up API: ss, and fs for a refusal', async () => {
      const signup = (email: string, password: string) =>
        request(server, 'POST', '/dbconnections/signup', {
          body: { client_id: client.client_id, email, password, connection: 'Username-Password-Authentication' },
        });
      assert.equal((await signup('grace@example.com', 'Sturdy-pass-42')).status, 200);
      assert.equal((await signup('grace@example.com', 'Sturdy-pass-42')).status, 400);
      secrets.push('Sturdy-pass-42');
      const ss = await one('ss');
      assert.equal(ss.user_name, 'grace@example.com');
      assert.match(ss.user_id ?? '', /^auth0\|/);
      const fs = await one('fs');
      assert.equal(fs.details.error, 'invalid_signup');
    });

    test('dashboard sign-in: fp, then s, in the default tenant’s log', async () => {
      const browser = new Browserless(server);
      await browser.signIn(server.credentials.admin.email, 'not the password');
      await browser.signIn(server.credentials.admin.email, server.credentials.admin.password);
      const s = (await logs('type:s')).find((l) => l.client_name === 'Latchkey Dashboard');
      assert.equal(s?.user_name, server.credentials.admin.email);
      const fp = (await logs('type:fp')).find((l) => l.client_name === 'Latchkey Dashboard');
      assert.equal(fp?.user_name, server.credentials.admin.email);
    });

    test('Management API: sapi for a write, fapi for a failed write, nothing for reads or strangers', async () => {
      const before = (await logs('type:(sapi OR fapi)')).length;
      assert.equal((await request(server, 'GET', '/api/v2/clients', { token })).status, 200);
      assert.equal((await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { friendly_name: 'Logged Tenant' } })).status, 200);
      assert.equal((await request(server, 'PATCH', `/api/v2/clients/${client.client_id}`, { token, body: { description: 'Reads contacts' } })).status, 200);
      assert.equal((await request(server, 'PATCH', '/api/v2/clients/missing', { token, body: { name: 'x' } })).status, 404);
      // Without a valid token: not logged.
      assert.equal((await request(server, 'PATCH', '/api/v2/clients/missing', { token: 'not-a-token', body: { name: 'x' } })).status, 401);
      const after = await logs('type:(sapi OR fapi)');
      assert.equal(after.length, before + 3);
      const [fapi, deleted, patched] = after;
      assert.equal(fapi!.type, 'fapi');
      assert.deepEqual(fapi!.details, { request: { method: 'PATCH', path: '/api/v2/clients/missing' }, response: { statusCode: 404 } });
      assert.equal(deleted!.type, 'sapi');
      assert.equal(deleted!.description, 'Update a client');
      assert.equal(patched!.type, 'sapi');
      assert.equal(patched!.client_id, server.credentials.management.client_id);
      assert.equal(patched!.description, 'Update tenant settings');
    });

    test('filters: user_id, client_id, date range; refusals of bad ranges', async () => {
      const mine = await logs(`user_id:"${userId}"`);
      assert.ok(mine.length >= 5);
      assert.ok(mine.every((l) => l.user_id === userId));
      assert.ok(mine.some((l) => l.type === 's') && mine.some((l) => l.type === 'seacft'));
      const ofClient = await logs(`client_id:"${client.client_id}" AND type:(s OR slo)`);
      assert.deepEqual([...new Set(ofClient.map((l) => l.type))].sort(), ['s', 'slo']);
      const today = new Date().toISOString().slice(0, 10);
      const inRange = await logs(`date:[${started.toISOString()} TO *] AND type:s`);
      assert.ok(inRange.length >= 2);
      assert.deepEqual(await logs('date:[* TO 2000-01-01]'), []);
      assert.equal((await logs(`date:[${today} TO ${today}] AND user_id:"${userId}"`)).length, mine.length);
      const bad = await request(server, 'GET', `/api/v2/logs?q=${encodeURIComponent('date:[yesterday TO *]')}`, { token });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.errorCode, 'invalid_query_string');
    });

    test('no password, secret, code or token in any entry', async () => {
      const everything = JSON.stringify(await logs(''));
      for (const secret of secrets) assert.ok(!everything.includes(secret), `a secret (${secret.slice(0, 6)}…) is in the log`);
    });
  });
}
