// Bad payloads on every route: 400 in Auth0's message style (413 for oversized bodies), never 5xx.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request } from './helpers.ts';

const HUGE = 'x'.repeat(20_000);
/** Shapes that are wrong for any object body. */
const GENERIC_BAD: unknown[] = [[], [{}], 'text', 42, null, true, { __unknown_key__: 1 }];

for (const dialect of dialects()) {
  describe(`Management API payload validation (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let ids: { client: string; rs: string; grant: string; user: string; conn: string; role: string };
    before(async () => {
      server = await startServer({ dialect });
      token = await managementToken(server, server.credentials.management);
      const post = async (path: string, body: unknown) => (await request(server, 'POST', path, { token, body })).json;
      const client = await post('/api/v2/clients', { name: 'Target' });
      const rs = await post('/api/v2/resource-servers', { identifier: 'urn:target', scopes: [{ value: 'read:x' }] });
      const grant = await post('/api/v2/client-grants', { client_id: client.client_id, audience: 'urn:target', scope: ['read:x'] });
      const user = await post('/api/v2/users', { email: 'target@example.com', password: 'long enough pw' });
      const conn = (await request(server, 'GET', '/api/v2/connections', { token })).json[0];
      const role = await post('/api/v2/roles', { name: 'Target' });
      ids = { client: client.client_id, rs: rs.id, grant: grant.id, user: encodeURIComponent(user.user_id), conn: conn.id, role: role.id };
    });
    after(() => server?.close());

    const send = (method: string, path: string, body: unknown) => request(server, method, path, { token, body });
    const expect400 = async (method: string, path: string, body: unknown, message?: string | RegExp) => {
      const res = await send(method, path, body);
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)} -> ${res.status} ${res.text.slice(0, 200)}`);
      assert.equal(res.json.statusCode, 400);
      assert.equal(res.json.error, 'Bad Request');
      assert.equal(res.json.errorCode, 'invalid_body');
      assert.match(res.json.message, /^Payload validation error: /);
      if (typeof message === 'string') assert.equal(res.json.message, message);
      else if (message) assert.match(res.json.message, message);
    };

    test('every body-taking route refuses wrong shapes', async () => {
      const routes: [string, string][] = [
        ['PATCH', '/api/v2/tenants/settings'],
        ['POST', '/api/v2/clients'],
        ['PATCH', `/api/v2/clients/${ids.client}`],
        ['POST', '/api/v2/resource-servers'],
        ['PATCH', `/api/v2/resource-servers/${ids.rs}`],
        ['POST', '/api/v2/client-grants'],
        ['PATCH', `/api/v2/client-grants/${ids.grant}`],
        ['POST', '/api/v2/users'],
        ['PATCH', `/api/v2/users/${ids.user}`],
        ['PATCH', `/api/v2/connections/${ids.conn}`],
        ['POST', '/api/v2/roles'],
        ['PATCH', `/api/v2/roles/${ids.role}`],
        ['POST', `/api/v2/roles/${ids.role}/permissions`],
        ['DELETE', `/api/v2/roles/${ids.role}/permissions`],
        ['POST', `/api/v2/roles/${ids.role}/users`],
        ['POST', `/api/v2/users/${ids.user}/roles`],
        ['DELETE', `/api/v2/users/${ids.user}/roles`],
        ['POST', `/api/v2/users/${ids.user}/permissions`],
        ['DELETE', `/api/v2/users/${ids.user}/permissions`],
      ];
      for (const [method, path] of routes) for (const body of GENERIC_BAD) await expect400(method, path, body);
      const connClients = `/api/v2/connections/${ids.conn}/clients`;
      for (const body of [{}, 'x', [{ client_id: 1, status: true }], [{ client_id: 'a' }]]) await expect400('PATCH', connClients, body);
    });

    test('field-level errors name the property, Auth0 style', async () => {
      await expect400('POST', '/api/v2/clients', {}, "Payload validation error: 'Missing required property: name'.");
      await expect400(
        'POST',
        '/api/v2/clients',
        { name: 'a<b' },
        /^Payload validation error: 'String does not match pattern .*' on property name \(Name of this client/,
      );
      await expect400('POST', '/api/v2/clients', { name: 42 }, /'Expected type string but found type integer' on property name/);
      await expect400('POST', '/api/v2/clients', { name: HUGE }, /'String is too long \(20000 chars\), maximum 128' on property name/);
      await expect400('POST', '/api/v2/clients', { name: 'ok', description: 'd'.repeat(141) }, /on property description/);
      await expect400(
        'POST',
        '/api/v2/clients',
        { name: 'ok', callbacks: 'https://a.example/cb' },
        /'Expected type array but found type string' on property callbacks/,
      );
      await expect400(
        'POST',
        '/api/v2/clients',
        { name: 'ok', callbacks: ['https://a.example/cb#frag'] },
        'Payload validation error: callbacks[0] "https://a.example/cb#frag" must not contain a fragment (RFC 6749 §3.1.2).',
      );
      await expect400(
        'POST',
        '/api/v2/clients',
        { name: 'ok', callbacks: ['https://ok.example/', '/relative'] },
        'Payload validation error: callbacks[1] "/relative" is not an absolute URL.',
      );
      await expect400('POST', '/api/v2/clients', { name: 'ok', callbacks: ['javascript:alert(1)'] }, /callbacks\[0\].*javascript: scheme/);
      // The rules of dynamic registration apply here too (one URI module): what one refuses, so does the other.
      await expect400(
        'POST',
        '/api/v2/clients',
        { name: 'ok', callbacks: ['https://user:pw@a.example/cb'] },
        'Payload validation error: callbacks[0] "https://user:pw@a.example/cb" must not contain user credentials.',
      );
      await expect400(
        'POST',
        '/api/v2/clients',
        { name: 'ok', callbacks: ['https://a.example\\@evil.example/cb'] },
        /callbacks\[0\] .* must not contain a backslash\.$/,
      );
      await expect400(
        'POST',
        '/api/v2/clients',
        { name: 'ok', callbacks: ['https://a.example/c b'] },
        /callbacks\[0\] .* must not contain whitespace or control characters\.$/,
      );
      await expect400(
        'POST',
        '/api/v2/clients',
        { name: 'ok', allowed_logout_urls: ['https:evil.example/x'] },
        /allowed_logout_urls\[0\] .* must start with https:\/\/\.$/,
      );
      await expect400('POST', '/api/v2/clients', { name: 'ok', callbacks: ['filesystem:https://a.example/temporary/x'] }, /callbacks\[0\].*filesystem: scheme/);
      await expect400('POST', '/api/v2/clients', { name: 'ok', web_origins: ['https://a.example/path'] }, /web_origins\[0\]/);
      await expect400(
        'POST',
        '/api/v2/clients',
        { name: 'ok', app_type: 'mainframe' },
        /'No enum match for: "mainframe"' on property app_type|on property app_type/,
      );
      await expect400('POST', '/api/v2/clients', { name: 'ok', jwt_configuration: { alg: 'HS256' } }, /on property jwt_configuration\.alg/);
      await expect400('POST', '/api/v2/clients', { name: 'ok', jwt_configuration: [] }, /on property jwt_configuration/);
      await expect400('POST', '/api/v2/clients', { name: 'ok', token_endpoint_auth_method: 'none', grant_types: ['client_credentials'] }, /client_credentials/);
      await expect400(
        'PATCH',
        `/api/v2/clients/${ids.client}`,
        { client_id: 'new' },
        "Payload validation error: 'Additional properties not allowed: client_id'.",
      );

      await expect400('POST', '/api/v2/resource-servers', { name: 'no identifier' }, "Payload validation error: 'Missing required property: identifier'.");
      await expect400(
        'POST',
        '/api/v2/resource-servers',
        { identifier: 'urn:x', token_lifetime: 2592001 },
        /'Value 2592001 is greater than maximum 2592000' on property token_lifetime/,
      );
      await expect400('POST', '/api/v2/resource-servers', { identifier: 'urn:x', signing_alg: 'HS256' }, /on property signing_alg/);
      await expect400('POST', '/api/v2/resource-servers', { identifier: 'urn:x', scopes: [{ value: 'has space' }] }, /on property scopes\[0\]\.value/);
      await expect400(
        'PATCH',
        `/api/v2/resource-servers/${ids.rs}`,
        { identifier: 'urn:changed' },
        "Payload validation error: 'Additional properties not allowed: identifier'.",
      );

      await expect400(
        'POST',
        '/api/v2/client-grants',
        { client_id: ids.client, audience: 'urn:target', scope: ['write:y'] },
        'Payload validation error: scope must be a subset of resource server scopes',
      );
      await expect400('POST', '/api/v2/client-grants', { client_id: ids.client }, "Payload validation error: 'Missing required property: audience'.");
      await expect400('PATCH', `/api/v2/client-grants/${ids.grant}`, { scope: 'read:x' }, /'Expected type array but found type string' on property scope/);

      await expect400('POST', '/api/v2/users', { email: 'not-an-email', password: 'long enough pw' }, /format email.* on property email/);
      await expect400('POST', '/api/v2/users', { email: 'x@example.com', password: 'long enough', connection: 'Other' }, /on property connection/);
      await expect400('PATCH', `/api/v2/users/${ids.user}`, { user_metadata: [] }, /'Expected type object but found type array' on property user_metadata/);
      await expect400(
        'PATCH',
        `/api/v2/users/${ids.user}`,
        { user_metadata: { blob: HUGE } },
        'Payload validation error: user_metadata must not exceed 16384 bytes.',
      );
      await expect400(
        'PATCH',
        `/api/v2/users/${ids.user}`,
        { password_hash: 'x' },
        "Payload validation error: 'Additional properties not allowed: password_hash'.",
      );

      await expect400(
        'PATCH',
        `/api/v2/connections/${ids.conn}`,
        { enabled_clients: ['nope'] },
        'Payload validation error: enabled_clients: client "nope" does not exist.',
      );
      await expect400(
        'PATCH',
        '/api/v2/tenants/settings',
        { session_lifetime: '5' },
        /'Expected type number but found type string' on property session_lifetime/,
      );
      await expect400(
        'PATCH',
        '/api/v2/tenants/settings',
        { dynamic_client_registration_security_mode: 'lax' },
        /on property dynamic_client_registration_security_mode/,
      );
    });

    test('password policy: a clear 400', async () => {
      const res = await send('POST', '/api/v2/users', { email: 'weak@example.com', password: 'short' });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'PasswordStrengthError: Password is too weak: it must be at least 8 characters long.',
        errorCode: 'invalid_body',
      });
      const patch = await send('PATCH', `/api/v2/users/${ids.user}`, { password: '1234567' });
      assert.equal(patch.status, 400);
      assert.match(patch.json.message, /^PasswordStrengthError/);
      const dup = await send('POST', '/api/v2/users', { email: 'TARGET@example.com', password: 'long enough pw' });
      assert.deepEqual(dup.json, { statusCode: 409, error: 'Conflict', message: 'The user already exists.', errorCode: 'auth0_idp_error' });
    });

    test('invalid JSON, __proto__ keys, oversized bodies, bad query strings', async () => {
      for (const raw of [
        '{"name":',
        '{"name": "a",}',
        '\u0000',
        '{"__proto__": {"admin": true}, "name": "x"}',
        '{"name":"x","constructor":{"prototype":{"a":1}}}',
      ]) {
        const res = await request(server, 'POST', '/api/v2/clients', { token, raw });
        assert.equal(res.status, 400, raw);
        assert.equal(res.json.errorCode, 'invalid_body');
        assert.match(res.json.message, /^Payload validation error: /);
      }
      const nested = await request(server, 'PATCH', `/api/v2/users/${ids.user}`, { token, raw: '{"user_metadata":{"__proto__":{"polluted":true}}}' });
      assert.equal(nested.status, 400);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);

      const big = await request(server, 'POST', '/api/v2/clients', { token, raw: JSON.stringify({ name: 'big', description: 'y'.repeat(70 * 1024) }) });
      assert.equal(big.status, 413);
      assert.equal(big.json.statusCode, 413);
      assert.equal(big.json.error, 'Payload Too Large');

      // A form body meets the same schema (its values are all strings).
      const form = await request(server, 'POST', '/api/v2/clients', {
        token,
        raw: 'name=x&is_first_party=true',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(form.status, 400);
      assert.match(form.json.message, /'Expected type boolean but found type string' on property is_first_party/);
      const xml = await request(server, 'POST', '/api/v2/clients', { token, raw: '<x/>', headers: { 'content-type': 'application/xml' } });
      assert.ok(xml.status === 400 || xml.status === 415, String(xml.status));

      for (const qs of ['per_page=1000', 'per_page=abc', 'page=-1', 'include_totals=maybe', 'is_first_party=perhaps']) {
        const res = await request(server, 'GET', `/api/v2/clients?${qs}`, { token });
        assert.equal(res.status, 400, qs);
        assert.equal(res.json.errorCode, 'invalid_query_string');
        assert.match(res.json.message, /^Query validation error: /);
      }
      const past = await request(server, 'GET', '/api/v2/clients?page=50&per_page=10&include_totals=true', { token });
      assert.equal(past.status, 200);
      assert.deepEqual({ ...past.json, total: 0 }, { total: 0, start: 500, limit: 10, clients: [] });
    });

    test('unknown ids: 404 with Auth0 error codes, never 5xx', async () => {
      const cases: [string, string, unknown, string][] = [
        ['GET', '/api/v2/clients/nope', undefined, 'inexistent_client'],
        ['PATCH', '/api/v2/clients/nope', { name: 'x' }, 'inexistent_client'],
        ['DELETE', '/api/v2/clients/nope', undefined, 'inexistent_client'],
        ['POST', '/api/v2/clients/nope/rotate-secret', undefined, 'inexistent_client'],
        ['GET', `/api/v2/resource-servers/${encodeURIComponent('https://nope.example/')}`, undefined, 'inexistent_resource_server'],
        ['GET', '/api/v2/client-grants/cgr_nope', undefined, 'inexistent_client_grant'],
        ['GET', `/api/v2/users/${encodeURIComponent('auth0|nope')}`, undefined, 'inexistent_user'],
        ['GET', '/api/v2/connections/con_nope', undefined, 'inexistent_connection'],
        ['GET', `/api/v2/clients/${'z'.repeat(400)}`, undefined, 'inexistent_client'],
      ];
      for (const [method, path, body, code] of cases) {
        const res = await send(method, path, body);
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.json.errorCode, code);
      }
      const unknownRoute = await send('GET', '/api/v2/nothing-here', undefined);
      assert.equal(unknownRoute.status, 404);
      assert.equal(unknownRoute.json.statusCode, 404);
      const del = await request(server, 'DELETE', `/api/v2/client-grants/${ids.grant}`, { token });
      assert.equal(del.status, 204);
      assert.equal(del.text, '');
    });

    test('OpenAPI document lists every route with scopes, without a token', async () => {
      const res = await request(server, 'GET', '/api/v2/openapi.json');
      assert.equal(res.status, 200);
      assert.equal(res.json.openapi, '3.1.0');
      const ops = Object.entries(res.json.paths as Record<string, Record<string, { security: { bearerAuth: string[] }[]; requestBody?: unknown }>>).flatMap(
        ([p, m]) => Object.entries(m).map(([verb, op]) => `${verb.toUpperCase()} ${p} ${op.security[0]?.bearerAuth.join('|')}`),
      );
      for (const expected of [
        'GET /tenants/settings read:tenant_settings',
        'PATCH /tenants/settings update:tenant_settings',
        'POST /clients create:clients',
        'POST /clients/{id}/rotate-secret update:client_keys',
        'DELETE /resource-servers/{id} delete:resource_servers',
        'GET /client-grants read:client_grants',
        'POST /users create:users',
        'GET /users-by-email read:users',
        'PATCH /connections/{id} update:connections',
        'GET /logs read:logs',
        'GET /registration/initial-access-tokens read:initial_access_tokens',
        'POST /registration/initial-access-tokens create:initial_access_tokens',
        'DELETE /registration/initial-access-tokens/{id} delete:initial_access_tokens',
        'POST /clients/cimd/preview read:clients',
        'POST /clients/cimd/register create:clients|update:clients',
        'POST /clients/{id}/credentials create:client_credentials|update:client_keys',
        'DELETE /clients/{id}/credentials/{credential_id} delete:client_credentials|update:client_keys',
        'GET /emails/provider read:email_provider',
        'POST /emails/provider create:email_provider',
        'PATCH /emails/provider update:email_provider',
        'POST /emails/provider/test update:email_provider',
        'POST /tickets/email-verification create:user_tickets',
        'POST /jobs/verification-email update:users',
        'POST /tickets/password-change create:user_tickets',
        'GET /keys/signing read:signing_keys',
        'POST /keys/signing/rotate create:signing_keys|update:signing_keys',
        'GET /keys/signing/{kid} read:signing_keys',
        'PUT /keys/signing/{kid}/revoke update:signing_keys',
        'GET /attack-protection/brute-force-protection read:attack_protection',
        'PATCH /attack-protection/brute-force-protection update:attack_protection',
        'GET /user-blocks read:users',
        'DELETE /user-blocks update:users',
        'GET /user-blocks/{id} read:users',
        'DELETE /user-blocks/{id} update:users',
        'GET /grants read:grants',
        'DELETE /grants/{id} delete:grants',
        'DELETE /grants delete:grants',
        'GET /roles read:roles',
        'POST /roles create:roles',
        'GET /roles/{id} read:roles',
        'PATCH /roles/{id} update:roles',
        'DELETE /roles/{id} delete:roles',
        'GET /roles/{id}/permissions read:roles',
        'POST /roles/{id}/permissions update:roles',
        'DELETE /roles/{id}/permissions update:roles',
        'GET /roles/{id}/users read:users|read:roles|read:role_members',
        'POST /roles/{id}/users update:roles|create:role_members',
        'GET /users/{id}/roles read:users|read:roles|read:role_members',
        'POST /users/{id}/roles update:users|create:role_members',
        'DELETE /users/{id}/roles update:users|delete:role_members',
        'GET /users/{id}/permissions read:users',
        'POST /users/{id}/permissions update:users',
        'DELETE /users/{id}/permissions update:users',
        'GET /stats/daily read:stats',
        'GET /stats/activity read:stats',
      ])
        assert.ok(ops.includes(expected), expected);
      assert.equal(ops.length, 77);
      const flags = res.json.paths['/tenants/settings'].patch.requestBody.content['application/json'].schema.properties.flags;
      assert.equal(flags.additionalProperties, false);
      assert.equal(flags.properties.enable_dynamic_client_registration.type, 'boolean');
    });
  });
}
