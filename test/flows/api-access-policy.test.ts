// Auth0's API access policy: subject_type_authorization on the API and subject_type on client
// grants, through the auth0 SDK, enforced at /authorize (with the consent page), at the code
// exchange, on refresh and for client_credentials; on every dialect.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startCodeFlow } from '../helpers/openid-client.ts';
import { decodeJwt } from 'jose';
import type { ManagementClient } from 'auth0';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createUser, defaultStores, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough, formAction, formField, type Hop } from '../helpers/user-agent.ts';
import { request, sdkClient, status } from '../management/helpers.ts';
import type { Client } from '../../src/domain/client.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const API = 'https://contacts.example.com/';
const PASSWORD = 'correct horse battery';
const ASKED = 'openid offline_access read:contacts write:contacts';
const NOT_AUTHORIZED = (client: string) => `Client "${client}" is not authorized to access resource server "${API}".`;

for (const dialect of dialects()) {
  describe(`API access policy (${dialect})`, () => {
    let server: TestServer;
    let mgmt: ManagementClient;
    let apiId: string;

    const setPolicy = (user: 'allow_all' | 'deny_all' | 'require_client_grant', client: 'deny_all' | 'require_client_grant' = 'require_client_grant') =>
      mgmt.resourceServers.update(apiId, { subject_type_authorization: { user: { policy: user }, client: { policy: client } } });

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      mgmt = sdkClient(server, server.credentials.management);
      const api = await mgmt.resourceServers.create({
        identifier: API,
        name: 'Contacts API',
        allow_offline_access: true,
        scopes: [
          { value: 'read:contacts', description: 'Read your contacts' },
          { value: 'write:contacts', description: 'Change your contacts' },
        ],
      });
      apiId = api.id!;
      await createUser(server, { email: 'ada@example.com', password: PASSWORD });
    });
    after(() => server?.close());
    beforeEach(() => setPolicy('allow_all'));

    /** The code flow with openid-client up to the first token response, or the hop that ended it. */
    async function signIn(client: Client, opts: { inspectConsent?: (page: Hop) => void } = {}) {
      const { config, url, verifier } = await startCodeFlow(server.url, client, { redirect_uri: REDIRECT, scope: ASKED, audience: API });
      const agent = new UserAgent();
      let hop = await authorizeThrough(agent, server.url, url.href, { email: 'ada@example.com', password: PASSWORD });
      if (hop.status === 200 && formAction(hop.body, hop.url).includes('/u/consent')) {
        opts.inspectConsent?.(hop);
        hop = await agent.follow(await agent.post(formAction(hop.body, hop.url), { csrf: formField(hop.body, 'csrf') ?? '', decision: 'accept' }), server.url);
      }
      if (!hop.location?.startsWith(`${REDIRECT}?code=`)) return { hop, config };
      const tokens = await oidc.authorizationCodeGrant(config, new URL(hop.location), {
        pkceCodeVerifier: verifier,
        expectedNonce: 'n',
        idTokenExpected: true,
      });
      return { hop, config, tokens };
    }

    const thirdParty = () => registerThirdPartyClient(server, { redirectUris: [REDIRECT] });

    test('the auth0 SDK round-trips subject_type_authorization and subject_type; defaults when unset', async () => {
      const plain = await mgmt.resourceServers.create({ identifier: 'urn:plain', name: 'Plain' });
      assert.deepEqual(plain.subject_type_authorization, { user: { policy: 'allow_all' }, client: { policy: 'require_client_grant' } });
      const created = await mgmt.resourceServers.create({
        identifier: 'urn:guarded',
        name: 'Guarded',
        scopes: [{ value: 'read:x', description: 'Read x' }],
        subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'deny_all' } },
      });
      assert.deepEqual(created.subject_type_authorization, { user: { policy: 'require_client_grant' }, client: { policy: 'deny_all' } });
      // PATCH replaces the subjects it names and keeps the others.
      const patched = await mgmt.resourceServers.update(created.id!, { subject_type_authorization: { client: { policy: 'require_client_grant' } } });
      assert.deepEqual(patched.subject_type_authorization, { user: { policy: 'require_client_grant' }, client: { policy: 'require_client_grant' } });
      assert.deepEqual((await mgmt.resourceServers.get(created.id!)).subject_type_authorization, patched.subject_type_authorization);

      const app = await thirdParty();
      const userGrant = await mgmt.clientGrants.create({ client_id: app.client_id, audience: 'urn:guarded', scope: ['read:x'], subject_type: 'user' });
      assert.equal(userGrant.subject_type, 'user');
      // A client-type grant for the same API may sit beside it (the default type).
      const clientGrant = await mgmt.clientGrants.create({ client_id: app.client_id, audience: 'urn:guarded', scope: [] });
      assert.equal(clientGrant.subject_type, 'client');
      assert.equal((await mgmt.clientGrants.get(userGrant.id!)).subject_type, 'user');
      assert.equal(await status(mgmt.clientGrants.create({ client_id: app.client_id, audience: 'urn:guarded', scope: [], subject_type: 'user' })), 409);
      const users: string[] = [];
      for await (const g of await mgmt.clientGrants.list({ audience: 'urn:guarded', subject_type: 'user' })) users.push(`${g.id}:${g.subject_type}`);
      assert.deepEqual(users, [`${userGrant.id}:user`]);
      // Only scope is patchable, as at Auth0.
      assert.deepEqual((await mgmt.clientGrants.update(userGrant.id!, { scope: [] })).scope, []);
      assert.equal(await status(mgmt.clientGrants.update(userGrant.id!, { subject_type: 'client' } as never)), 400);
      await mgmt.resourceServers.delete(created.id!);
      await mgmt.resourceServers.delete(plain.id!);
    });

    test('bad values are refused with 400 in the Auth0 shape; the Management API cannot be opened to users', async () => {
      const token = (
        await request(server, 'POST', '/oauth/token', {
          body: { grant_type: 'client_credentials', ...server.credentials.management },
        })
      ).json.access_token as string;
      const badPolicy = await request(server, 'PATCH', `/api/v2/resource-servers/${apiId}`, {
        token,
        body: { subject_type_authorization: { user: { policy: 'allow_some' } } },
      });
      assert.equal(badPolicy.status, 400);
      assert.equal(badPolicy.json.statusCode, 400);
      assert.equal(badPolicy.json.error, 'Bad Request');
      assert.equal(badPolicy.json.errorCode, 'invalid_body');
      assert.match(badPolicy.json.message, /subject_type_authorization/);
      // allow_all is a user policy only.
      const clientAllowAll = await request(server, 'PATCH', `/api/v2/resource-servers/${apiId}`, {
        token,
        body: { subject_type_authorization: { client: { policy: 'allow_all' } } },
      });
      assert.equal(clientAllowAll.status, 400);
      const badType = await request(server, 'POST', '/api/v2/client-grants', {
        token,
        body: { client_id: server.credentials.management.client_id, audience: API, subject_type: 'anonymous' },
      });
      assert.equal(badType.status, 400);
      assert.equal(badType.json.errorCode, 'invalid_body');

      const system = server.credentials.management.audience;
      const opened = await request(server, 'PATCH', `/api/v2/resource-servers/${encodeURIComponent(system)}`, {
        token,
        body: { subject_type_authorization: { user: { policy: 'allow_all' } } },
      });
      assert.equal(opened.status, 403);
      assert.equal(opened.json.errorCode, 'operation_not_supported');
      const got = await request(server, 'GET', `/api/v2/resource-servers/${encodeURIComponent(system)}`, { token });
      assert.deepEqual(got.json.subject_type_authorization, { user: { policy: 'deny_all' }, client: { policy: 'require_client_grant' } });
    });

    test('allow_all: a registered app gets the API scopes it asked for', async () => {
      const { tokens, hop } = await signIn(await thirdParty());
      assert.ok(tokens, hop.body.slice(0, 300));
      assert.equal(tokens.scope, ASKED);
      assert.ok([decodeJwt(tokens.access_token).aud].flat().includes(API));
    });

    test('deny_all: refused on the error page (open_redirect_protection), or at the redirect URI (allow_always)', async () => {
      await setPolicy('deny_all');
      const app = await thirdParty();
      const { hop, tokens } = await signIn(app);
      assert.equal(tokens, undefined);
      assert.equal(hop.status, 403);
      assert.equal(hop.location, undefined);
      assert.ok(hop.body.includes(NOT_AUTHORIZED(app.client_id).replaceAll('"', '&quot;')), hop.body.slice(0, 600));

      const open = { ...app, redirection_policy: 'allow_always' as const };
      assert.ok(await (await defaultStores(server)).clients.replace(open));
      const redirected = await signIn(open);
      const params = new URL(redirected.hop.location ?? 'http://x/').searchParams;
      assert.equal(params.get('error'), 'access_denied', redirected.hop.body.slice(0, 300));
      assert.equal(params.get('error_description'), NOT_AUTHORIZED(app.client_id));
    });

    test('require_client_grant: refused without a user grant; with one, only its scopes, and consent offers no more', async () => {
      await setPolicy('require_client_grant');
      const app = await thirdParty();
      const refused = await signIn(app);
      assert.equal(refused.tokens, undefined);
      assert.ok(refused.hop.body.includes('is not authorized to access resource server'), refused.hop.body.slice(0, 600));

      // A client-type grant is for client_credentials: it does not open user access.
      await mgmt.clientGrants.create({ client_id: app.client_id, audience: API, scope: ['read:contacts', 'write:contacts'] });
      assert.equal((await signIn(app)).tokens, undefined);

      await mgmt.clientGrants.create({ client_id: app.client_id, audience: API, scope: ['read:contacts'], subject_type: 'user' });
      let consent = '';
      const { tokens } = await signIn(app, { inspectConsent: (page) => (consent = page.body) });
      assert.ok(tokens);
      assert.equal(tokens.scope, 'openid offline_access read:contacts');
      assert.equal(decodeJwt(tokens.access_token).scope, 'openid offline_access read:contacts');
      assert.match(consent, /Read your contacts/);
      assert.doesNotMatch(consent, /Change your contacts|write:contacts/);
    });

    test('require_client_grant: a grant with no scopes gives a token for the API without its scopes', async () => {
      await setPolicy('require_client_grant');
      const app = await thirdParty();
      await mgmt.clientGrants.create({ client_id: app.client_id, audience: API, scope: [], subject_type: 'user' });
      const { tokens } = await signIn(app);
      assert.ok(tokens);
      assert.equal(tokens.scope, 'openid offline_access');
      assert.ok([decodeJwt(tokens.access_token).aud].flat().includes(API));
    });

    test('refresh_token keeps the bound: a narrowed grant narrows the next token, a removed one refuses it', async () => {
      await setPolicy('require_client_grant');
      const app = await thirdParty();
      const grant = await mgmt.clientGrants.create({
        client_id: app.client_id,
        audience: API,
        scope: ['read:contacts', 'write:contacts'],
        subject_type: 'user',
      });
      const { tokens, config } = await signIn(app);
      assert.equal(tokens?.scope, ASKED);

      await mgmt.clientGrants.update(grant.id!, { scope: ['read:contacts'] });
      const narrowed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.equal(narrowed.scope, 'openid offline_access read:contacts');
      assert.equal(decodeJwt(narrowed.access_token).scope, 'openid offline_access read:contacts');

      // Widened again, the refresh token still carries what the user consented to.
      await mgmt.clientGrants.update(grant.id!, { scope: ['read:contacts', 'write:contacts'] });
      const widened = await oidc.refreshTokenGrant(config, narrowed.refresh_token!);
      assert.equal(widened.scope, ASKED);

      await mgmt.clientGrants.delete(grant.id!);
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: widened.refresh_token!,
          client_id: app.client_id,
          client_secret: app.client_secret!,
        }),
      });
      assert.equal(res.status, 403);
      assert.deepEqual(await res.json(), { error: 'access_denied', error_description: NOT_AUTHORIZED(app.client_id) });

      // deny_all refuses a refresh even with the grant back.
      await mgmt.clientGrants.create({ client_id: app.client_id, audience: API, scope: ['read:contacts'], subject_type: 'user' });
      await setPolicy('deny_all');
      await assert.rejects(oidc.refreshTokenGrant(config, widened.refresh_token!), (err: { error?: string }) => err.error === 'access_denied');
    });

    test('a first-party app is not held to the user policy', async () => {
      await setPolicy('deny_all');
      const created = await mgmt.clients.create({
        name: 'Own web app',
        app_type: 'regular_web',
        callbacks: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_post',
      });
      assert.equal(created.is_first_party, true);
      const client = (await (await defaultStores(server)).clients.findById(created.client_id!))!;
      const { tokens, hop } = await signIn(client);
      assert.ok(tokens, hop.body.slice(0, 300));
      assert.equal(tokens.scope, ASKED);
    });

    test('client_credentials: a client-type grant is needed (a user-type one is not enough); deny_all refuses even with one', async () => {
      const m2m = await mgmt.clients.create({ name: 'Worker', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      const token = (extra: Record<string, string> = {}) =>
        request(server, 'POST', '/oauth/token', {
          body: { grant_type: 'client_credentials', client_id: m2m.client_id, client_secret: m2m.client_secret, audience: API, ...extra },
        });
      const userGrant = await mgmt.clientGrants.create({ client_id: m2m.client_id!, audience: API, scope: ['read:contacts'], subject_type: 'user' });
      const withUserGrant = await token();
      assert.equal(withUserGrant.status, 403);
      assert.equal(withUserGrant.json.error, 'access_denied');
      assert.match(withUserGrant.json.error_description, /You need to create a "client-grant"/);

      await mgmt.clientGrants.create({ client_id: m2m.client_id!, audience: API, scope: ['write:contacts'] });
      const granted = await token();
      assert.equal(granted.status, 200, granted.text);
      assert.equal(granted.json.scope, 'write:contacts');
      // The user grant's scopes are not the client's.
      assert.equal((await token({ scope: 'read:contacts' })).status, 403);

      await setPolicy('allow_all', 'deny_all');
      const denied = await token();
      assert.equal(denied.status, 403);
      assert.deepEqual(denied.json, { error: 'access_denied', error_description: NOT_AUTHORIZED(m2m.client_id!) });
      await mgmt.clientGrants.delete(userGrant.id!);
    });
  });
}
