// Client ID Metadata Documents that cannot be used, one by one: each is shown on the error page
// at /authorize (never redirected) and answered 401 invalid_client at the token endpoint, with
// its reason, logged in the tenant log, and fetched at most once within the refusal's cache
// lifetime. With the tenant setting off, a URL client_id is only an unknown client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { startHttpsServer, testCertificate, type HttpsServer } from '../helpers/https-server.ts';
import { defaultStores } from '../helpers/fixtures.ts';
import { managementToken, request } from '../management/helpers.ts';

const CALLBACK = 'https://app.example.com/callback';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

for (const dialect of dialects()) {
  describe(`Client ID Metadata Documents refused (${dialect})`, () => {
    let server: TestServer;
    let docs: HttpsServer;
    let token: string;
    let base: string;

    const doc = (path: string, extra: Record<string, unknown> = {}) => ({
      client_id: `${base}${path}`,
      client_name: 'Refused App',
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: 'none',
      ...extra,
    });
    const json = (res: ServerResponse, body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const served: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
      '/ok.json': (_q, res) => json(res, doc('/ok.json')),
      '/mismatch.json': (_q, res) => json(res, doc('/mismatch.json', { client_id: `${base}/other.json` })),
      '/no-redirect-uris.json': (_q, res) => json(res, doc('/no-redirect-uris.json', { redirect_uris: undefined })),
      '/secret.json': (_q, res) => json(res, doc('/secret.json', { client_secret: 'shh', token_endpoint_auth_method: 'client_secret_post' })),
      '/big.json': (_q, res) => json(res, doc('/big.json', { padding: 'x'.repeat(6 * 1024) })),
      '/not-json.json': (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'),
      '/client-credentials.json': (_q, res) => json(res, doc('/client-credentials.json', { grant_types: ['client_credentials'] })),
      '/http-callback.json': (_q, res) => json(res, doc('/http-callback.json', { redirect_uris: ['http://app.example.com/cb'] })),
    };

    const authorize = (clientId: string, extra: Record<string, string> = {}) =>
      fetch(
        `${server.url}/authorize?${new URLSearchParams({
          client_id: clientId,
          response_type: 'code',
          redirect_uri: CALLBACK,
          code_challenge: CHALLENGE,
          code_challenge_method: 'S256',
          state: 's',
          ...extra,
        })}`,
        { redirect: 'manual' },
      );
    const tokenRequest = (clientId: string) =>
      fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: clientId,
          code: 'nope',
          code_verifier: 'v'.repeat(43),
          redirect_uri: CALLBACK,
        }),
      });
    const setCimd = async (on: boolean) => {
      const res = await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { client_id_metadata_document_supported: on } });
      assert.equal(res.status, 200, res.text);
    };

    before(async () => {
      docs = await startHttpsServer((req, res) => {
        const handler = served[req.url ?? ''];
        if (handler) handler(req, res);
        else res.writeHead(404).end();
      });
      base = `https://localhost:${docs.port}`;
      server = await startServer({
        dialect,
        publicUrlFromPort: true,
        env: { LATCHKEY_FETCH_ALLOW_PRIVATE: 'localhost' },
        outbound: { ca: testCertificate().cert },
      });
      token = await managementToken(server, server.credentials.management);
      await setCimd(true);
    });
    after(async () => {
      await docs.close();
      await server.close();
    });

    const refusals: [string, string, RegExp][] = [
      ['document client_id is not its URL', '/mismatch.json', /client_id .* is not its URL/],
      ['no redirect_uris', '/no-redirect-uris.json', /redirect_uris is required/],
      ['a client_secret in the document', '/secret.json', /must not contain client_secret/],
      ['a 6 KiB document', '/big.json', /over the 5120-byte limit/],
      ['a document that is not JSON', '/not-json.json', /content type text\/html is not application\/json/],
      ['a grant type beyond authorization_code and refresh_token', '/client-credentials.json', /grant_types/],
      ['a plain-http redirect URI', '/http-callback.json', /redirect_uris\[0\] must use https/],
    ];
    for (const [name, path, reason] of refusals) {
      test(`${name}: error page at /authorize, invalid_client at the token endpoint, logged, fetched once`, async () => {
        const url = `${base}${path}`;
        for (let i = 0; i < 2; i++) {
          const page = await authorize(url);
          assert.equal(page.status, 400);
          assert.equal(page.headers.get('location'), null, 'never redirected');
          const body = await page.text();
          assert.match(body, /Client ID Metadata Document refused/);
          assert.match(body.replace(/&quot;|&#39;|&#x27;/g, '"'), reason);
          const tokenRes = await tokenRequest(url);
          assert.equal(tokenRes.status, 401);
          const answer = (await tokenRes.json()) as { error: string; error_description: string };
          assert.equal(answer.error, 'invalid_client');
          assert.match(answer.error_description, reason);
        }
        assert.equal(docs.hits.get(path), 1, 'a refused document is not fetched again within its cache lifetime');
        const logged = await (await defaultStores(server)).logs.list({ type: 'cimd_failure', limit: 100 });
        const entry = logged.find((e) => e.details.client_id === url);
        assert.ok(entry, 'the refusal is in the tenant log');
        assert.match(String(entry.details.reason), reason);
        assert.equal(entry.ip, '127.0.0.1');
      });
    }

    test('an http client_id URL is refused without fetching anything', async () => {
      const url = `http://localhost:${docs.port}/ok.json`;
      const page = await authorize(url);
      assert.equal(page.status, 400);
      assert.match(await page.text(), /must use https/);
      const tokenRes = await tokenRequest(url);
      assert.equal(tokenRes.status, 401);
      assert.match(((await tokenRes.json()) as { error_description: string }).error_description, /must use https/);
    });

    test('client_id URLs the draft forbids: no path, a fragment, credentials, dot segments', async () => {
      for (const [url, reason] of [
        [`${base}/`, /must have a path/],
        [`${base}/ok.json#frag`, /fragment/],
        [`https://user:pw@localhost:${docs.port}/ok.json`, /credentials/],
        [`${base}/a/../ok.json`, /\. or \.\. path segments/],
      ] as const) {
        const page = await authorize(url);
        assert.equal(page.status, 400, url);
        assert.match(await page.text(), reason);
      }
    });

    test('a redirect_uri the document does not list: error page, not a redirect', async () => {
      const page = await authorize(`${base}/ok.json`, { redirect_uri: 'https://evil.example/cb' });
      assert.equal(page.status, 400);
      assert.equal(page.headers.get('location'), null);
      assert.match(await page.text(), /Callback URL mismatch/);
    });

    test('PKCE S256 is required of a metadata-document client', async () => {
      const page = await authorize(`${base}/ok.json`, { code_challenge: '', code_challenge_method: '' });
      assert.equal(page.headers.get('location'), null, 'not redirected');
      assert.match(await page.text(), /code_challenge/);
    });

    test('a valid document leads to the login page', async () => {
      const res = await authorize(`${base}/ok.json`);
      assert.equal(res.status, 302);
      assert.match(res.headers.get('location') ?? '', /^\/u\/login/);
    });

    test('setting off: a URL client_id is an unknown client, and nothing is fetched', async () => {
      await setCimd(false);
      try {
        const before = docs.hits.get('/ok.json') ?? 0;
        const url = `${base}/ok.json?off`;
        const page = await authorize(url);
        assert.equal(page.status, 400);
        assert.match(await page.text(), /Unknown client/);
        const tokenRes = await tokenRequest(url);
        assert.equal(tokenRes.status, 401);
        assert.equal(docs.hits.get('/ok.json') ?? 0, before);
      } finally {
        await setCimd(true);
      }
    });
  });
}
