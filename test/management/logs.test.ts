// GET /api/v2/logs: Auth0's log shape, newest first, offset paging, `q` by type and client_id.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request } from './helpers.ts';

for (const dialect of dialects()) {
  describe(`GET /api/v2/logs (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let clientId: string;
    const get = (query: string, t = token) => request(server, 'GET', `/api/v2/logs${query}`, { token: t });

    before(async () => {
      server = await startServer({ dialect });
      token = await managementToken(server, server.credentials.management);
      await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { flags: { enable_dynamic_client_registration: true } } });
      const register = (body: unknown) => request(server, 'POST', '/oidc/register', { body, headers: { 'user-agent': 'logs-test/2' } });
      clientId = (await register({ client_name: 'Logged', redirect_uris: ['https://logged.example.com/cb'] })).json.client_id;
      await register({ redirect_uris: ['http://insecure.example.com/cb'] });
      const stores = server.latchkey.services.storage.forTenant((await server.latchkey.services.storage.tenants.findDefault())!.id);
      await stores.logs.append({
        type: 's',
        description: 'Success Login',
        ip: '10.0.0.1',
        userAgent: null,
        clientId,
        details: { user_id: 'auth0|1', user_name: 'ada@example.com' },
      });
    });
    after(() => server?.close());

    test('newest first, in Auth0’s shape', async () => {
      const res = await get('');
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.json.map((l: { type: string }) => l.type),
        // The Management token (seccft) and the settings write (sapi) before the registrations.
        ['s', 'dcr_failure', 'dcr_success', 'sapi', 'seccft'],
      );
      const [login, refused, accepted] = res.json;
      assert.deepEqual(Object.keys(login).sort(), ['client_id', 'date', 'description', 'details', 'ip', 'log_id', 'type', 'user_id', 'user_name']);
      assert.equal(login.user_name, 'ada@example.com');
      assert.equal(refused.client_id, undefined);
      assert.equal(refused.user_agent, 'logs-test/2');
      assert.equal(refused.details.error, 'invalid_redirect_uri');
      assert.equal(accepted.client_id, clientId);
      assert.equal(accepted.ip, '127.0.0.1');
      assert.equal(accepted.details.client_name, 'Logged');
      assert.match(accepted.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(login.log_id > accepted.log_id);
    });

    test('q filters by type and client_id; paging with totals', async () => {
      assert.deepEqual(
        (await get('?q=type:dcr_success')).json.map((l: { type: string }) => l.type),
        ['dcr_success'],
      );
      assert.deepEqual(
        (await get(`?q=${encodeURIComponent('type:(dcr_success OR dcr_failure)')}`)).json.map((l: { type: string }) => l.type),
        ['dcr_failure', 'dcr_success'],
      );
      assert.deepEqual(
        (await get(`?q=${encodeURIComponent(`client_id:"${clientId}" AND type:s`)}`)).json.map((l: { type: string }) => l.type),
        ['s'],
      );
      const paged = await get('?per_page=2&page=2&include_totals=true');
      assert.equal(paged.json.total, 5);
      assert.equal(paged.json.start, 4);
      assert.equal(paged.json.limit, 2);
      assert.equal(paged.json.length, 1);
      assert.deepEqual(
        paged.json.logs.map((l: { type: string }) => l.type),
        ['seccft'],
      );
      assert.deepEqual(Object.keys((await get('?fields=log_id,type&include_fields=true')).json[0]).sort(), ['log_id', 'type']);
    });

    test('refusals: an unsupported q, a bad per_page, no read:logs scope', async () => {
      const bad = await get(`?q=${encodeURIComponent('user_name:ada')}`);
      assert.equal(bad.status, 400);
      assert.equal(bad.json.errorCode, 'invalid_query_string');
      assert.match(bad.json.message, /^Query validation error: q: unsupported query near "user_name:ada"/);
      assert.equal((await get('?per_page=101')).status, 400);
      const narrow = await managementToken(server, server.credentials.management, { scope: 'read:clients' });
      const denied = await get('', narrow);
      assert.equal(denied.status, 403);
      assert.equal(denied.json.message, 'Insufficient scope, expected any of: read:logs');
    });
  });
}
