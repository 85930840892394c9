// Auth0's manual CIMD import: POST /api/v2/clients/cimd/preview and /cimd/register, their
// scopes, the idempotent upsert (201 then 200), invalid documents, the tenant setting, and the
// imported client in GET /api/v2/clients and at /authorize (found without fetching).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { startHttpsServer, testCertificate, type HttpsServer } from '../helpers/https-server.ts';
import { managementToken, request, sdkClient } from './helpers.ts';
import { cli } from '../operations/support.ts';

const CALLBACK = 'https://app.example.com/callback';

for (const dialect of dialects()) {
  describe(`CIMD import through the Management API (${dialect})`, () => {
    let server: TestServer;
    let docs: HttpsServer;
    let token: string;
    let base: string;
    let name = 'Imported Agent';

    before(async () => {
      docs = await startHttpsServer((req, res) => {
        const url = `${base}${req.url}`;
        if (req.url === '/agent.json') {
          res
            .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=86400' })
            .end(JSON.stringify({ client_id: url, client_name: name, redirect_uris: [CALLBACK], grant_types: ['authorization_code', 'refresh_token'] }));
        } else if (req.url === '/bad.json') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client_id: url, client_secret: 'x' }));
        } else res.writeHead(404).end();
      });
      base = `https://localhost:${docs.port}`;
      server = await startServer({
        dialect,
        publicUrlFromPort: true,
        env: { LATCHKEY_FETCH_ALLOW_PRIVATE: 'localhost' },
        outbound: { ca: testCertificate().cert },
      });
      token = await managementToken(server, server.credentials.management);
    });
    after(async () => {
      await docs.close();
      await server.close();
    });

    const post = (path: string, url: string, t = token) =>
      request(server, 'POST', `/api/v2/clients/cimd/${path}`, { token: t, body: { external_client_id: url } });
    const setCimd = async (on: boolean) => {
      const res = await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { client_id_metadata_document_supported: on } });
      assert.equal(res.status, 200, res.text);
    };

    test('the CLI sets client_id_metadata_document_supported (tenant settings --set)', async () => {
      const env = { ...server.env, DATABASE_URL: server.env.DATABASE_URL ?? '' };
      for (const value of [true, false]) {
        const r = await cli(env, 'tenant', 'settings', '--name', 'default', '--set', `client_id_metadata_document_supported=${value}`);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).client_id_metadata_document_supported, value);
      }
      const refused = await cli(env, 'tenant', 'settings', '--name', 'default', '--set', 'client_id_metadata_document_supported=maybe');
      assert.notEqual(refused.code, 0);
    });

    test('setting off: 403 naming the setting', async () => {
      await setCimd(false);
      for (const path of ['preview', 'register']) {
        const res = await post(path, `${base}/agent.json`);
        assert.equal(res.status, 403);
        assert.match(res.json.message, /client_id_metadata_document_supported/);
        assert.equal(res.json.statusCode, 403);
      }
    });

    test('preview: valid and invalid documents, nothing created', async () => {
      await setCimd(true);
      const ok = await post('preview', `${base}/agent.json`);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.client_id, undefined);
      assert.deepEqual(ok.json.errors, []);
      assert.equal(ok.json.validation.valid, true);
      assert.deepEqual(ok.json.validation.warnings, []);
      assert.deepEqual(ok.json.mapped_fields, {
        external_client_id: `${base}/agent.json`,
        name: 'Imported Agent',
        app_type: 'spa',
        callbacks: [CALLBACK],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      });
      const bad = await post('preview', `${base}/bad.json`);
      assert.equal(bad.status, 200);
      assert.equal(bad.json.validation.valid, false);
      assert.ok(bad.json.validation.violations.some((v: string) => /client_secret/.test(v)));
      assert.ok(bad.json.validation.violations.some((v: string) => /redirect_uris is required/.test(v)));
      const missing = await post('preview', `${base}/missing.json`);
      assert.equal(missing.status, 200);
      assert.match(missing.json.errors[0], /answered 404/);
      const list = await request(server, 'GET', '/api/v2/clients?per_page=100', { token });
      assert.ok(!list.json.some((c: { client_id: string }) => c.client_id === `${base}/agent.json`), 'preview creates nothing');
    });

    test('register: 201 then 200 (idempotent), listed with external_client_id, refreshed from the document', async () => {
      await setCimd(true);
      const url = `${base}/agent.json`;
      const created = await post('register', url);
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.client_id, url);
      assert.equal(created.json.validation.valid, true);
      name = 'Renamed Agent';
      const again = await post('register', url);
      assert.equal(again.status, 200, again.text);
      assert.equal(again.json.client_id, url);
      const got = await request(server, 'GET', `/api/v2/clients/${encodeURIComponent(url)}`, { token });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.external_client_id, url);
      assert.equal(got.json.name, 'Renamed Agent');
      assert.equal(got.json.is_first_party, false);
      assert.equal(got.json.client_secret, undefined);
      const list = await request(server, 'GET', '/api/v2/clients?per_page=100', { token });
      assert.ok(list.json.some((c: { external_client_id?: string }) => c.external_client_id === url));
      const preview = await post('preview', url);
      assert.equal(preview.json.client_id, url, 'the preview names the client already imported');
    });

    test('an imported client is used at /authorize without fetching its document', async () => {
      await setCimd(true);
      const url = `${base}/agent.json`;
      const before = docs.hits.get('/agent.json') ?? 0;
      const res = await fetch(
        `${server.url}/authorize?${new URLSearchParams({
          client_id: url,
          response_type: 'code',
          redirect_uri: CALLBACK,
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        })}`,
        { redirect: 'manual' },
      );
      assert.equal(res.status, 302);
      assert.match(res.headers.get('location') ?? '', /^\/u\/login/);
      assert.equal(docs.hits.get('/agent.json') ?? 0, before);
    });

    test('register: an invalid document is a 400 with its violations', async () => {
      await setCimd(true);
      const res = await post('register', `${base}/bad.json`);
      assert.equal(res.status, 400);
      assert.equal(res.json.statusCode, 400);
      assert.match(res.json.message, /must not contain client_secret/);
    });

    test('scopes: preview needs read:clients; register create:clients to create, update:clients to update', async () => {
      await setCimd(true);
      const only = (scope: string) => managementToken(server, server.credentials.management, { scope });
      assert.equal((await post('preview', `${base}/agent.json`, await only('update:clients'))).status, 403);
      assert.equal((await post('preview', `${base}/agent.json`, await only('read:clients'))).status, 200);
      // The client exists: updating needs update:clients.
      assert.equal((await post('register', `${base}/agent.json`, await only('create:clients'))).status, 403);
      assert.equal((await post('register', `${base}/agent.json`, await only('update:clients'))).status, 200);
      await request(server, 'DELETE', `/api/v2/clients/${encodeURIComponent(`${base}/agent.json`)}`, { token });
      // Gone: creating needs create:clients.
      assert.equal((await post('register', `${base}/agent.json`, await only('update:clients'))).status, 403);
      assert.equal((await post('register', `${base}/agent.json`, await only('create:clients'))).status, 201);
    });

    test('the auth0 SDK: clients.previewCimdMetadata and clients.registerCimdClient', async () => {
      await setCimd(true);
      const mgmt = sdkClient(server, server.credentials.management);
      const url = `${base}/agent.json`;
      const preview = await mgmt.clients.previewCimdMetadata({ external_client_id: url });
      assert.equal(preview.validation?.valid, true);
      assert.equal(preview.mapped_fields?.external_client_id, url);
      const registered = await mgmt.clients.registerCimdClient({ external_client_id: url });
      assert.equal(registered.client_id, url);
      const client = await mgmt.clients.get(url);
      assert.equal((client as { external_client_id?: string }).external_client_id, url);
    });
  });
}
