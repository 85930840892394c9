// List filters as Auth0 has them: GET /api/v2/resource-servers?identifiers= (repeatable) through
// both auth0 SDK generations, and every list refusing a query parameter it does not know.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createMetadataDocumentClient } from '../helpers/fixtures.ts';
import { all, legacySdkClient, managementToken, request, sdkClient } from './helpers.ts';

/** Every list under /api/v2. */
const LISTS = [
  '/clients',
  '/users',
  '/resource-servers',
  '/client-grants',
  '/connections',
  '/logs',
  '/registration/initial-access-tokens',
  '/grants',
  '/keys/signing',
];

for (const dialect of dialects()) {
  describe(`list queries (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    before(async () => {
      server = await startServer({ dialect });
      token = await managementToken(server, server.credentials.management);
      for (const identifier of ['https://orders.example/', 'https://billing.example/', 'urn:inventory']) {
        const res = await request(server, 'POST', '/api/v2/resource-servers', { token, body: { identifier, name: identifier.replace(/\W/g, ' ') } });
        assert.equal(res.status, 201, res.text);
      }
    });
    after(() => server?.close());

    test('the v7 SDK: resourceServers.list({identifiers}) returns that API first, not the Management API', async () => {
      const mgmt = sdkClient(server, server.credentials.management);
      const one = await all(await mgmt.resourceServers.list({ identifiers: ['https://billing.example/'] }));
      assert.deepEqual(
        one.map((r) => r.identifier),
        ['https://billing.example/'],
      );
      const two = await all(await mgmt.resourceServers.list({ identifiers: ['urn:inventory', 'https://orders.example/', 'https://nowhere.example/'] }));
      assert.deepEqual(two.map((r) => r.identifier).sort(), ['https://orders.example/', 'urn:inventory']);
      const everything = await all(await mgmt.resourceServers.list());
      assert.equal(everything.length, 4, 'no filter: every API');
    });

    test('the legacy (v4) SDK: resourceServers.getAll({identifiers}) returns that API first', async () => {
      const legacy = legacySdkClient(server, server.credentials.management);
      const { data } = await legacy.resourceServers.getAll({ identifiers: ['urn:inventory'] });
      assert.equal(data[0]?.identifier, 'urn:inventory');
      assert.equal(data.length, 1);
    });

    test('identifiers on the wire: repeated; paging and totals count the filtered APIs', async () => {
      const qs = new URLSearchParams([
        ['identifiers', 'urn:inventory'],
        ['identifiers', 'https://orders.example/'],
        ['include_totals', 'true'],
        ['per_page', '1'],
      ]);
      const res = await request(server, 'GET', `/api/v2/resource-servers?${qs}`, { token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.total, 2);
      assert.equal(res.json.resource_servers.length, 1);
      const none = await request(server, 'GET', `/api/v2/resource-servers?identifiers=${encodeURIComponent('urn:unknown')}`, { token });
      assert.deepEqual(none.json, []);
      const empty = await request(server, 'GET', '/api/v2/resource-servers?identifiers=', { token });
      assert.equal(empty.status, 400);
      assert.equal(empty.json.errorCode, 'invalid_query_string');
    });

    test('every list refuses unknown query parameters with a 400 naming them', async () => {
      const connection = (await request(server, 'GET', '/api/v2/connections', { token })).json[0].id as string;
      const clientId = server.credentials.management.client_id;
      const lists = [...LISTS, `/connections/${connection}/clients`, `/clients/${clientId}/credentials`, '/users-by-email?email=ada%40example.com'];
      for (const path of lists) {
        const sep = path.includes('?') ? '&' : '?';
        const res = await request(server, 'GET', `/api/v2${path}${sep}identifierz=x&colour=blue`, { token });
        assert.equal(res.status, 400, `${path}: ${res.text}`);
        assert.deepEqual(res.json, {
          statusCode: 400,
          error: 'Bad Request',
          message: "Query validation error: 'Additional properties not allowed: identifierz,colour'.",
          errorCode: 'invalid_query_string',
        });
        const ok = await request(server, 'GET', `/api/v2${path}`, { token });
        assert.equal(ok.status, 200, `${path}: ${ok.text}`);
      }
      const client = await request(server, 'GET', `/api/v2/clients/${server.credentials.management.client_id}?fields=name&x=1`, { token });
      assert.equal(client.status, 400);
      assert.match(client.json.message, /not allowed: x'/);
    });

    test('parameters the SDK sends that Latchkey answers without a feature behind them', async () => {
      const mgmt = sdkClient(server, server.credentials.management);
      assert.equal((await all(await mgmt.clients.list({ is_global: true }))).length, 0);
      assert.ok((await all(await mgmt.clients.list({ is_global: false }))).length > 0);
      assert.equal((await all(await mgmt.clientGrants.list({ allow_any_organization: true }))).length, 0);
      assert.equal((await all(await mgmt.clientGrants.list({ default_for: 'third_party_clients' }))).length, 0);
      await all(await mgmt.logs.list({ sort: 'date:-1' }));
      const ascending = await request(server, 'GET', '/api/v2/logs?sort=date:1', { token });
      assert.equal(ascending.status, 400);
      assert.equal((await all(await mgmt.users.list({ primary_order: true }))).length, 0);
      const byStrategy = await all(await mgmt.connections.list({ strategy: ['auth0', 'google-oauth2'] }));
      assert.ok(byStrategy.length > 0 && byStrategy.every((c) => c.strategy === 'auth0'));
      assert.equal((await all(await mgmt.connections.list({ strategy: ['samlp'] }))).length, 0);
    });

    test('clients.list({external_client_id}): the client imported from that metadata document, and no other', async () => {
      const url = 'https://tools.example.org/oauth/client.json';
      await createMetadataDocumentClient(server, url, 'Tool Kit');
      const mgmt = sdkClient(server, server.credentials.management);
      const found = await all(await mgmt.clients.list({ external_client_id: url }));
      assert.deepEqual(
        found.map((c) => c.client_id),
        [url],
      );
      assert.equal((await all(await mgmt.clients.list({ external_client_id: 'https://tools.example.org/other.json' }))).length, 0);
      assert.equal((await all(await mgmt.clients.list({ external_client_id: server.credentials.management.client_id }))).length, 0);
    });
  });
}
