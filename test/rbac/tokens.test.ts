// RBAC and token dialects at issuance: on an API that enforces policies, a user with a role gets
// exactly the role's permissions in scope (and in `permissions` with an _authz dialect), a user
// without gets none, through the implicit flow, code + PKCE (openid-client) and refresh; a change
// to the role shows on the next refresh. Client credentials keep the client-grant model. RFC 9068
// tokens pass oauth4webapi's validateJwtAccessToken; express-oauth2-jwt-bearer takes every dialect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import * as oauth from 'oauth4webapi';
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { ManagementClient } from 'auth0';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { request, sdkClient } from '../management/helpers.ts';

const REDIRECT = 'https://app.example.com/callback';
const API = 'https://orders.example.com/';
const PASSWORD = 'correct horse battery';
const REQUESTED = 'openid offline_access read:orders write:orders delete:orders';
const DIALECTS = ['access_token', 'access_token_authz', 'rfc9068_profile', 'rfc9068_profile_authz'] as const;

for (const dialect of dialects()) {
  describe(`RBAC and token dialects at issuance (${dialect})`, () => {
    let server: TestServer;
    let mgmt: ManagementClient;
    let config: oidc.Configuration;
    let client: { client_id: string; client_secret: string };
    let apiId: string;
    let roleId: string;
    let ann: string;

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      mgmt = sdkClient(server, server.credentials.management);
      const api = await mgmt.resourceServers.create({
        identifier: API,
        name: 'Orders',
        allow_offline_access: true,
        skip_consent_for_verifiable_first_party_clients: true,
        enforce_policies: true,
        token_dialect: 'rfc9068_profile_authz',
        scopes: [{ value: 'read:orders' }, { value: 'write:orders' }, { value: 'delete:orders' }],
      });
      apiId = api.id!;
      const created = await mgmt.clients.create({
        name: 'Orders App',
        app_type: 'regular_web',
        callbacks: [REDIRECT],
        grant_types: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
        token_endpoint_auth_method: 'client_secret_post',
      });
      client = { client_id: created.client_id!, client_secret: created.client_secret! };
      await mgmt.clientGrants.create({ client_id: client.client_id, audience: API, scope: ['read:orders'] });
      roleId = (await mgmt.roles.create({ name: 'Clerk' })).id!;
      await mgmt.roles.permissions.add(roleId, {
        permissions: ['read:orders', 'write:orders'].map((permission_name) => ({ resource_server_identifier: API, permission_name })),
      });
      const user = (email: string) => mgmt.users.create({ connection: 'Username-Password-Authentication', email, password: PASSWORD });
      ann = (await user('ann@example.com')).user_id!;
      await user('bob@example.com');
      await mgmt.users.roles.assign(ann, { roles: [roleId] });
      config = await oidc.discovery(new URL(server.url), client.client_id, undefined, oidc.ClientSecretPost(client.client_secret), {
        execute: [oidc.allowInsecureRequests],
      });
    });
    after(() => server?.close());

    async function codeFlow(email: string) {
      const agent = new UserAgent();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: REQUESTED,
        audience: API,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      });
      const hop = await authorizeThrough(agent, server.url, url.href, { email, password: PASSWORD, consent: 'accept' });
      assert.ok(hop.location?.startsWith(`${REDIRECT}?`), hop.location ?? hop.body.slice(0, 300));
      return oidc.authorizationCodeGrant(config, new URL(hop.location!), { pkceCodeVerifier: verifier, expectedState: state });
    }

    async function implicitFlow(email: string) {
      const agent = new UserAgent();
      const url =
        `${server.url}/authorize?` +
        new URLSearchParams({ response_type: 'token', client_id: client.client_id, redirect_uri: REDIRECT, audience: API, scope: REQUESTED, state: 's' });
      const hop = await authorizeThrough(agent, server.url, url, { email, password: PASSWORD, consent: 'accept' });
      assert.ok(hop.location?.startsWith(`${REDIRECT}#`), hop.location ?? hop.body.slice(0, 300));
      return new URLSearchParams(hop.location!.slice(hop.location!.indexOf('#') + 1));
    }

    test("code + PKCE and refresh: the role's permissions in scope and in permissions; none for a user without a role", async () => {
      const annTokens = await codeFlow('ann@example.com');
      assert.equal(annTokens.scope, 'openid offline_access read:orders write:orders');
      const at = decodeJwt(annTokens.access_token);
      assert.equal(at.scope, 'openid offline_access read:orders write:orders');
      assert.deepEqual(at.permissions, ['read:orders', 'write:orders']);

      const bobTokens = await codeFlow('bob@example.com');
      assert.equal(bobTokens.scope, 'openid offline_access');
      assert.deepEqual(decodeJwt(bobTokens.access_token).permissions, []);

      // A change to the role shows on the next refresh; the refresh token keeps what was asked.
      await mgmt.roles.permissions.add(roleId, { permissions: [{ resource_server_identifier: API, permission_name: 'delete:orders' }] });
      const widened = await oidc.refreshTokenGrant(config, annTokens.refresh_token!);
      assert.equal(widened.scope, 'openid offline_access read:orders write:orders delete:orders');
      assert.deepEqual(decodeJwt(widened.access_token).permissions, ['delete:orders', 'read:orders', 'write:orders']);
      await mgmt.users.roles.delete(ann, { roles: [roleId] });
      const narrowed = await oidc.refreshTokenGrant(config, widened.refresh_token!);
      assert.equal(narrowed.scope, 'openid offline_access');
      assert.deepEqual(decodeJwt(narrowed.access_token).permissions, []);
      // A direct permission counts as well.
      await mgmt.users.permissions.create(ann, { permissions: [{ resource_server_identifier: API, permission_name: 'read:orders' }] });
      const direct = await oidc.refreshTokenGrant(config, narrowed.refresh_token!);
      assert.equal(direct.scope, 'openid offline_access read:orders');
      await mgmt.users.permissions.delete(ann, { permissions: [{ resource_server_identifier: API, permission_name: 'read:orders' }] });
      await mgmt.users.roles.assign(ann, { roles: [roleId] });
      await mgmt.roles.permissions.delete(roleId, { permissions: [{ resource_server_identifier: API, permission_name: 'delete:orders' }] });

      const bobRefreshed = await oidc.refreshTokenGrant(config, bobTokens.refresh_token!);
      assert.equal(bobRefreshed.scope, 'openid offline_access');
    });

    test('implicit: the same bound in the fragment', async () => {
      const annFragment = implicitFlow('ann@example.com');
      const annParams = await annFragment;
      assert.equal(annParams.get('scope'), 'openid read:orders write:orders');
      assert.deepEqual(decodeJwt(annParams.get('access_token')!).permissions, ['read:orders', 'write:orders']);
      const bobParams = await implicitFlow('bob@example.com');
      assert.equal(bobParams.get('scope'), 'openid');
      const bobAt = decodeJwt(bobParams.get('access_token')!);
      assert.deepEqual(bobAt.permissions, []);
      assert.equal(bobAt.scope, 'openid');
    });

    test('RBAC off: user tokens carry the requested scopes, without permissions', async () => {
      await mgmt.resourceServers.update(apiId, { enforce_policies: false, token_dialect: 'access_token' });
      try {
        const bobTokens = await codeFlow('bob@example.com');
        assert.equal(bobTokens.scope, REQUESTED);
        assert.equal(decodeJwt(bobTokens.access_token).permissions, undefined);
      } finally {
        await mgmt.resourceServers.update(apiId, { enforce_policies: true, token_dialect: 'rfc9068_profile_authz' });
      }
    });

    test('client credentials keep the client-grant model; with an _authz dialect permissions are the granted scopes', async () => {
      const res = await request(server, 'POST', '/oauth/token', {
        body: { grant_type: 'client_credentials', ...client, audience: API },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.scope, 'read:orders');
      const at = decodeJwt(res.json.access_token);
      assert.equal(at.sub, `${client.client_id}@clients`);
      assert.equal(at.client_id, client.client_id);
      assert.deepEqual(at.permissions, ['read:orders']);
      assert.equal(decodeProtectedHeader(res.json.access_token).typ, 'at+jwt');
    });

    test("rfc9068_profile: oauth4webapi's validateJwtAccessToken accepts user and client-credentials tokens", async () => {
      await mgmt.resourceServers.update(apiId, { token_dialect: 'rfc9068_profile' });
      const issuer = new URL(`${server.url}/`);
      const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { [oauth.allowInsecureRequests]: true }));
      const validate = (token: string) =>
        oauth.validateJwtAccessToken(as, new Request(`${API}orders`, { headers: { authorization: `Bearer ${token}` } }), API, {
          [oauth.allowInsecureRequests]: true,
        });

      const user = await codeFlow('ann@example.com');
      assert.equal(decodeProtectedHeader(user.access_token).typ, 'at+jwt');
      const userClaims = await validate(user.access_token);
      assert.equal(userClaims.sub, ann);
      assert.equal(userClaims.client_id, client.client_id);
      assert.equal(typeof userClaims.auth_time, 'number');
      assert.equal(userClaims.scope, 'openid offline_access read:orders write:orders');
      assert.equal(userClaims.azp, undefined);
      assert.equal(userClaims.permissions, undefined);
      // /userinfo takes it, and answers the app's origin (found by client_id, there is no azp).
      const info = await fetch(`${server.url}/userinfo`, { headers: { authorization: `Bearer ${user.access_token}`, origin: 'https://app.example.com' } });
      assert.equal(info.status, 200);
      assert.equal(info.headers.get('access-control-allow-origin'), 'https://app.example.com');
      assert.equal(((await info.json()) as { sub: string }).sub, ann);

      const cc = await request(server, 'POST', '/oauth/token', { body: { grant_type: 'client_credentials', ...client, audience: API } });
      const ccClaims = await validate(cc.json.access_token);
      assert.equal(ccClaims.sub, `${client.client_id}@clients`);
      assert.equal(ccClaims.gty, undefined);

      // Auth0's own dialect is not an RFC 9068 token, and says so by its typ.
      await mgmt.resourceServers.update(apiId, { token_dialect: 'access_token' });
      const plain = await request(server, 'POST', '/oauth/token', { body: { grant_type: 'client_credentials', ...client, audience: API } });
      assert.equal(decodeProtectedHeader(plain.json.access_token).typ, 'JWT');
      await assert.rejects(validate(plain.json.access_token));
      await mgmt.resourceServers.update(apiId, { token_dialect: 'rfc9068_profile_authz' });
    });

    test('express-oauth2-jwt-bearer accepts tokens of every dialect', async () => {
      const app = express();
      app.get('/orders', auth({ issuerBaseURL: server.url, audience: API }), (req: any, res: any) => res.json({ sub: req.auth.payload.sub }));
      app.use((err: any, _req: unknown, res: any, _next: unknown) => res.status(err.status ?? 500).json({ error: err.code ?? 'server_error' }));
      const srv = http.createServer(app);
      await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
      try {
        for (const tokenDialect of DIALECTS) {
          await mgmt.resourceServers.update(apiId, { token_dialect: tokenDialect });
          const cc = await request(server, 'POST', '/oauth/token', { body: { grant_type: 'client_credentials', ...client, audience: API } });
          const user = await codeFlow('ann@example.com');
          for (const token of [cc.json.access_token, user.access_token]) {
            const res = await fetch(`${base}/orders`, { headers: { authorization: `Bearer ${token}` } });
            assert.equal(res.status, 200, `${tokenDialect}: ${await res.text()}`);
          }
        }
        const forged = await fetch(`${base}/orders`, { headers: { authorization: 'Bearer x.y.z' } });
        assert.equal(forged.status, 401);
      } finally {
        await new Promise((resolve) => srv.close(resolve));
        await mgmt.resourceServers.update(apiId, { token_dialect: 'rfc9068_profile_authz' });
      }
    });
  });
}
