// The /api/v2 guard: only RS256 tokens this tenant signed for its own Management API pass;
// scopes are enforced per route; nothing of one tenant is reachable with another's token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { signJwt } from '../../src/oauth/tokens/jwt.ts';
import { newClientGrantId } from '../../src/domain/ids.ts';
import { managementToken, request, secondTenant } from './helpers.ts';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

for (const dialect of dialects()) {
  describe(`Management API guard and tenant isolation (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let tenantB: Awaited<ReturnType<typeof secondTenant>>;
    let tokenB: string;
    before(async () => {
      server = await startServer({ dialect });
      token = await managementToken(server, server.credentials.management);
      tenantB = await secondTenant(server);
      tokenB = await managementToken(server, tenantB.credentials.management, { host: tenantB.host });
    });
    after(() => server?.close());

    const get = (t: string | undefined, path = '/api/v2/clients', host?: string) =>
      request(server, 'GET', path, { ...(t ? { token: t } : {}), ...(host ? { host } : {}) });
    const defaultTenantId = async () => (await server.latchkey.services.storage.tenants.findDefault())!.id;

    test('a valid token passes', async () => {
      const res = await get(token);
      assert.equal(res.status, 200);
      assert.ok(Array.isArray(res.json));
    });

    test('missing token: 401 Missing authentication', async () => {
      const res = await get(undefined);
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, { statusCode: 401, error: 'Unauthorized', message: 'Missing authentication' });
      assert.equal(res.headers['www-authenticate'], 'Bearer');
    });

    test('tampered payload: 401 invalid signature', async () => {
      const [h, , s] = token.split('.');
      const claims = { ...decodeJwt(token), scope: 'read:clients delete:clients extra:scope' };
      const res = await get(`${h}.${b64(claims)}.${s}`);
      assert.equal(res.status, 401);
      assert.equal(res.json.message, 'Invalid signature received for JSON Web Token validation');
    });

    test('expired token (signed by the tenant key): 401 with Auth0 text', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await signJwt(server.latchkey.services.keys, await defaultTenantId(), {
        ...decodeJwt(token),
        iat: now - 7200,
        exp: now - 3600,
      });
      const res = await get(expired);
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Expired token received for JSON Web Token validation',
        attributes: { error: 'Expired token received for JSON Web Token validation' },
      });
    });

    test('alg none, HS256, foreign RSA key, garbage: 401 Invalid token', async () => {
      const claims = decodeJwt(token);
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
      const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(randomBytes(32));
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'not-ours' }).sign(privateKey);
      for (const t of [none, hs, foreign, 'not.a.jwt', 'abc']) {
        const res = await get(t);
        assert.equal(res.status, 401, t);
        assert.deepEqual(res.json, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' });
      }
      const basic = await request(server, 'GET', '/api/v2/clients', { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
      assert.equal(basic.status, 401);
    });

    test('wrong audience and wrong issuer (signed by the tenant key): 401', async () => {
      const keys = server.latchkey.services.keys;
      const tid = await defaultTenantId();
      const claims = decodeJwt(token);
      // A token this tenant really issued for another API of its own.
      const api = await request(server, 'POST', '/api/v2/resource-servers', {
        token,
        body: { identifier: 'urn:other-api', scopes: [{ value: 'read:clients' }] },
      });
      assert.equal(api.status, 201);
      await server.latchkey.services.storage.forTenant(tid).clientGrants.create({
        id: newClientGrantId(),
        client_id: server.credentials.management.client_id,
        audience: 'urn:other-api',
        scope: ['read:clients'],
      });
      const otherAud = await managementToken(server, { ...server.credentials.management, audience: 'urn:other-api' });
      assert.equal(decodeJwt(otherAud).aud, 'urn:other-api');
      for (const t of [otherAud, await signJwt(keys, tid, { ...claims, iss: 'https://evil.example/' })]) {
        const res = await get(t);
        assert.equal(res.status, 401);
        assert.equal(res.json.message, 'Invalid token');
      }
    });

    test('missing scope: 403 with the exact message', async () => {
      const narrow = await managementToken(server, server.credentials.management, { scope: 'read:users' });
      const res = await get(narrow);
      assert.equal(res.status, 403);
      assert.deepEqual(res.json, {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Insufficient scope, expected any of: read:clients,read:client_keys',
        errorCode: 'insufficient_scope',
      });
      const patch = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        token: narrow,
        body: { flags: { enable_dynamic_client_registration: true } },
      });
      assert.equal(patch.status, 403);
      assert.equal(patch.json.message, 'Insufficient scope, expected any of: update:tenant_settings');
      assert.equal((await get(narrow, '/api/v2/users')).status, 200);
    });

    test('a narrower client grant yields a narrower token', async () => {
      const created = await request(server, 'POST', '/api/v2/clients', { token, body: { name: 'Reader', app_type: 'non_interactive' } });
      assert.equal(created.status, 201);
      const grant = await request(server, 'POST', '/api/v2/client-grants', {
        token,
        body: { client_id: created.json.client_id, audience: server.credentials.management.audience, scope: ['read:tenant_settings'] },
      });
      assert.equal(grant.status, 201, grant.text);
      const reader = await managementToken(server, {
        client_id: created.json.client_id,
        client_secret: created.json.client_secret,
        audience: server.credentials.management.audience,
      });
      assert.equal((await get(reader, '/api/v2/tenants/settings')).status, 200);
      const denied = await request(server, 'PATCH', '/api/v2/tenants/settings', { token: reader, body: { friendly_name: 'x' } });
      assert.equal(denied.status, 403);
      assert.equal(denied.json.errorCode, 'insufficient_scope');
      // Without read:client_keys, no secrets are shown.
      const readClients = await request(server, 'POST', '/api/v2/client-grants', {
        token,
        body: { client_id: created.json.client_id, audience: 'urn:other-api', scope: [] },
      });
      assert.equal(readClients.status, 201);
      await request(server, 'PATCH', `/api/v2/client-grants/${grant.json.id}`, { token, body: { scope: ['read:clients'] } });
      const readerClients = await managementToken(server, {
        client_id: created.json.client_id,
        client_secret: created.json.client_secret,
        audience: server.credentials.management.audience,
      });
      const listed = await get(readerClients);
      assert.equal(listed.status, 200);
      assert.ok(listed.json.length >= 2);
      assert.ok(listed.json.every((c: Record<string, unknown>) => !('client_secret' in c)));
    });

    test("another tenant's token is rejected on this tenant, and the other way round", async () => {
      const res = await get(tokenB);
      assert.equal(res.status, 401);
      assert.equal(res.json.message, 'Invalid token');
      const back = await get(token, '/api/v2/clients', tenantB.host);
      assert.equal(back.status, 401);
      assert.equal((await get(tokenB, '/api/v2/clients', tenantB.host)).status, 200);
    });

    test('tenant isolation: nothing of tenant A is visible or changeable from tenant B', async () => {
      const host = tenantB.host;
      const client = await request(server, 'POST', '/api/v2/clients', { token, body: { name: 'A only' } });
      const user = await request(server, 'POST', '/api/v2/users', { token, body: { email: 'a-only@example.com', password: 'long enough pw' } });
      const rs = await request(server, 'POST', '/api/v2/resource-servers', { token, body: { identifier: 'urn:a-only' } });
      const grants = await request(server, 'GET', '/api/v2/client-grants', { token });
      const connA = await request(server, 'GET', '/api/v2/connections', { token });
      assert.deepEqual([client.status, user.status, rs.status, grants.status, connA.status], [201, 201, 201, 200, 200]);

      const b = (method: string, path: string, body?: unknown) =>
        request(server, method, path, { token: tokenB, host, ...(body !== undefined ? { body } : {}) });
      const clientsB = await b('GET', '/api/v2/clients');
      assert.deepEqual(
        clientsB.json.map((c: { name: string }) => c.name),
        ['Latchkey Management Client'],
      );
      assert.deepEqual((await b('GET', '/api/v2/users')).json, []);
      assert.deepEqual(
        (await b('GET', '/api/v2/resource-servers')).json.map((r: { identifier: string }) => r.identifier),
        [tenantB.credentials.management.audience],
      );
      assert.ok((await b('GET', '/api/v2/client-grants')).json.every((g: { client_id: string }) => g.client_id === tenantB.credentials.management.client_id));
      const connB = (await b('GET', '/api/v2/connections')).json;
      assert.notEqual(connB[0].id, connA.json[0].id);

      const aClient = client.json.client_id;
      const aUser = encodeURIComponent(user.json.user_id);
      const aGrant = grants.json[0].id;
      const attempts = [
        ['GET', `/api/v2/clients/${aClient}`],
        ['PATCH', `/api/v2/clients/${aClient}`, { name: 'hijacked' }],
        ['POST', `/api/v2/clients/${aClient}/rotate-secret`],
        ['DELETE', `/api/v2/clients/${aClient}`],
        ['GET', `/api/v2/users/${aUser}`],
        ['PATCH', `/api/v2/users/${aUser}`, { blocked: true }],
        ['DELETE', `/api/v2/users/${aUser}`],
        ['GET', `/api/v2/resource-servers/${rs.json.id}`],
        ['GET', `/api/v2/resource-servers/${encodeURIComponent('urn:a-only')}`],
        ['PATCH', `/api/v2/resource-servers/${rs.json.id}`, { name: 'hijacked' }],
        ['DELETE', `/api/v2/resource-servers/${rs.json.id}`],
        ['GET', `/api/v2/client-grants/${aGrant}`],
        ['PATCH', `/api/v2/client-grants/${aGrant}`, { scope: [] }],
        ['DELETE', `/api/v2/client-grants/${aGrant}`],
        ['GET', `/api/v2/connections/${connA.json[0].id}`],
        ['PATCH', `/api/v2/connections/${connA.json[0].id}`, { enabled_clients: [] }],
      ] as const;
      for (const [method, path, body] of attempts) {
        const res = await b(method, path, body);
        assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      }
      // Creating a grant in B for A's client fails: the client does not exist there.
      const cross = await b('POST', '/api/v2/client-grants', { client_id: aClient, audience: tenantB.credentials.management.audience, scope: [] });
      assert.equal(cross.status, 404);
      assert.equal(cross.json.errorCode, 'inexistent_client');
      const settingsB = await b('PATCH', '/api/v2/tenants/settings', { friendly_name: 'B' });
      assert.equal(settingsB.status, 200);

      // A is unchanged.
      assert.equal((await request(server, 'GET', `/api/v2/clients/${aClient}`, { token })).json.name, 'A only');
      assert.equal((await request(server, 'GET', `/api/v2/users/${aUser}`, { token })).json.blocked, false);
      assert.equal((await request(server, 'GET', `/api/v2/client-grants/${aGrant}`, { token })).status, 200);
      assert.notEqual((await request(server, 'GET', '/api/v2/tenants/settings', { token })).json.friendly_name, 'B');
    });
  });
}
