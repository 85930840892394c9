// MCP clients that identify themselves with a Client ID Metadata Document: both MCP SDKs (1.x
// with `clientMetadataUrl`, and the 2.x client) connect to an MCP server protected by Latchkey
// with client_id = the document's https URL, register nothing, go through login and consent
// (which shows the verified domain), and call a tool; with the tenant setting off, the same
// client falls back to dynamic registration. The document is served by a local https server
// whose certificate the in-process fetcher trusts; `localhost` is on the private-address allow list.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError as UnauthorizedV1 } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2, UnauthorizedError as UnauthorizedV2 } from '@modelcontextprotocol/client';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { MemoryOAuthProvider } from '../helpers/mcp-client.ts';
import { startHttpsServer, testCertificate, type HttpsServer } from '../helpers/https-server.ts';
import { startProtectedMcpServer, type ProtectedMcpServer } from '../helpers/mcp-server.ts';
import { createApi, createUser } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough, formAction, formField, type Hop } from '../helpers/user-agent.ts';
import { managementToken, request } from '../management/helpers.ts';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
const USER = { email: 'grace@example.com', password: 'correct horse battery' };

for (const dialect of dialects()) {
  describe(`MCP clients with a Client ID Metadata Document (${dialect})`, () => {
    let server: TestServer;
    let docs: HttpsServer;
    let mcp: ProtectedMcpServer;
    let metadataUrl: string;
    /** an MCP host's provider for this client: its identity is the metadata document's URL */
    const cimdProvider = () =>
      new MemoryOAuthProvider({ redirectUrl: REDIRECT, clientName: 'CIMD Inspector', state: 'cimd-state', clientMetadataUrl: metadataUrl });
    let token: string;
    /** the requests the MCP clients sent to Latchkey, as "METHOD path" */
    const sent: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.port === String(server.port)) sent.push(`${init?.method ?? (input instanceof Request ? input.method : 'GET')} ${url.pathname}`);
      return fetch(input, init);
    };

    const setCimd = async (on: boolean) => {
      const res = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        token,
        body: { client_id_metadata_document_supported: on, flags: { enable_dynamic_client_registration: true } },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.client_id_metadata_document_supported, on);
    };

    before(async () => {
      docs = await startHttpsServer((req, res) => {
        if (req.url !== '/mcp/client.json') return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' }).end(
          JSON.stringify({
            client_id: metadataUrl,
            client_name: 'CIMD Inspector',
            client_uri: `https://localhost:${docs.port}/`,
            redirect_uris: [REDIRECT],
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: 'none',
          }),
        );
      });
      metadataUrl = `https://localhost:${docs.port}/mcp/client.json`;
      server = await startServer({
        dialect,
        publicUrlFromPort: true,
        env: { LATCHKEY_FETCH_ALLOW_PRIVATE: 'localhost' },
        outbound: { ca: testCertificate().cert },
      });
      token = await managementToken(server, server.credentials.management);
      mcp = await startProtectedMcpServer(`${server.url}/`);
      await createApi(server, { identifier: mcp.resource, name: 'MCP server', scopes: [{ value: 'mcp:tools', description: 'Use the server’s tools' }] });
      await createUser(server, USER);
    });
    after(async () => {
      await mcp.close();
      await docs.close();
      await server.close();
    });

    /** Signs in as the user and checks the consent page, then accepts; returns the redirect to the client. */
    async function signInAndConsent(authorizationUrl: URL, expectDomain: string | null): Promise<URL> {
      const agent = new UserAgent();
      let hop: Hop = await authorizeThrough(agent, server.url, authorizationUrl.href, USER);
      assert.equal(hop.status, 200, hop.body.slice(0, 300));
      assert.match(formAction(hop.body, hop.url), /\/u\/consent/, 'a third-party client is always asked for consent');
      if (expectDomain) {
        assert.match(hop.body, /Verified domain/);
        assert.ok(hop.body.includes(`<strong>${expectDomain}</strong>`), 'the verified domain is shown on its own');
        assert.match(hop.body, /id="localhost-warning"/, 'localhost-only redirect URIs are warned about');
      } else assert.doesNotMatch(hop.body, /Verified domain/);
      hop = await agent.follow(await agent.post(formAction(hop.body, hop.url), { csrf: formField(hop.body, 'csrf') ?? '', decision: 'accept' }), server.url);
      assert.equal(hop.status, 302, hop.body.slice(0, 300));
      const back = new URL(hop.location!);
      assert.equal(back.searchParams.get('state'), 'cimd-state');
      return back;
    }

    test('discovery lists client_id_metadata_document_supported only while the setting is on', async () => {
      await setCimd(false);
      for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
        assert.equal((await (await fetch(`${server.url}${path}`)).json()).client_id_metadata_document_supported, undefined);
      }
      await setCimd(true);
      for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
        assert.equal((await (await fetch(`${server.url}${path}`)).json()).client_id_metadata_document_supported, true);
      }
    });

    test('SDK 1.x: clientMetadataUrl as client_id, no registration, login and consent, a tool call', async () => {
      await setCimd(true);
      sent.length = 0;
      const provider = cimdProvider();
      const transport = new TransportV1(new URL(mcp.resource), { authProvider: provider, fetch: recordingFetch });
      await assert.rejects(new ClientV1({ name: 'cimd-test', version: '1.0.0' }).connect(transport), UnauthorizedV1);
      const url = provider.authorizationUrl!;
      assert.equal(url.searchParams.get('client_id'), metadataUrl);
      assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
      const back = await signInAndConsent(url, `localhost:${docs.port}`);
      await transport.finishAuth(back.searchParams.get('code')!);

      const client = new ClientV1({ name: 'cimd-test', version: '1.0.0' });
      await client.connect(new TransportV1(new URL(mcp.resource), { authProvider: provider, fetch: recordingFetch }));
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      const claims = decodeJwt(provider.saved!.access_token);
      assert.deepEqual(result.content, [{ type: 'text', text: claims.sub }]);
      assert.equal(claims.aud, mcp.resource);
      assert.equal(claims.azp, metadataUrl);
      await client.close();

      assert.ok(!sent.some((s) => s.includes('/register')), `no registration call: ${sent.join(', ')}`);
      assert.ok(sent.includes('POST /oauth/token'));
      // Fetched once at /authorize, then served from the cache (max-age=600) at the token endpoint.
      assert.equal(docs.hits.get('/mcp/client.json'), 1);
    });

    test('SDK 1.x: the user’s consent is stored under the URL as client_id and found again', async () => {
      await setCimd(true);
      const provider = cimdProvider();
      const transport = new TransportV1(new URL(mcp.resource), { authProvider: provider });
      await assert.rejects(new ClientV1({ name: 'cimd-test', version: '1.0.0' }).connect(transport), UnauthorizedV1);
      const stores = server.latchkey.services.storage.forTenant((await server.latchkey.services.storage.tenants.findDefault())!.id);
      const user = (await stores.users.findByEmail(USER.email))!;
      const granted = await stores.consents.find(user.user_id, metadataUrl, mcp.resource);
      assert.deepEqual(granted?.scopes, ['mcp:tools']);
    });

    test('SDK 2.x: the same, with the 2.x client; its refresh token refreshes and is revoked with the URL client_id', async () => {
      await setCimd(true);
      sent.length = 0;
      const provider = cimdProvider();
      const transport = new TransportV2(new URL(mcp.resource), { authProvider: provider, fetch: recordingFetch });
      await assert.rejects(new ClientV2({ name: 'cimd-test', version: '2.0.0' }).connect(transport), UnauthorizedV2);
      const url = provider.authorizationUrl!;
      assert.equal(url.searchParams.get('client_id'), metadataUrl);
      const back = await signInAndConsent(url, `localhost:${docs.port}`);
      await transport.finishAuth(back.searchParams);

      const client = new ClientV2({ name: 'cimd-test', version: '2.0.0' });
      await client.connect(new TransportV2(new URL(mcp.resource), { authProvider: provider, fetch: recordingFetch }));
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      assert.deepEqual(result.content, [{ type: 'text', text: decodeJwt(provider.saved!.access_token).sub }]);
      await client.close();

      // The refresh token (offline_access, which the 2.x client asks for) works for the URL client_id, and is revoked by it.
      const form = (body: Record<string, string>) => ({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
      const refreshed = await fetch(
        `${server.url}/oauth/token`,
        form({ grant_type: 'refresh_token', client_id: metadataUrl, refresh_token: provider.saved!.refresh_token!, resource: mcp.resource }),
      );
      assert.equal(refreshed.status, 200, await refreshed.clone().text());
      const next = (await refreshed.json()) as { refresh_token: string; access_token: string };
      assert.equal(decodeJwt(next.access_token).azp, metadataUrl);
      const revoked = await fetch(`${server.url}/oauth/revoke`, form({ client_id: metadataUrl, token: next.refresh_token }));
      assert.equal(revoked.status, 200);
      const again = await fetch(`${server.url}/oauth/token`, form({ grant_type: 'refresh_token', client_id: metadataUrl, refresh_token: next.refresh_token }));
      assert.ok(again.status >= 400 && again.status < 500);
      assert.equal(((await again.json()) as { error: string }).error, 'invalid_grant');
      assert.equal(docs.hits.get('/mcp/client.json'), 1, 'still the one fetch: the document is cached for its max-age');
      assert.ok(!sent.some((s) => s.includes('/register')), `no registration call: ${sent.join(', ')}`);
    });

    test('setting off: the same 1.x client registers dynamically instead', async () => {
      await setCimd(false);
      sent.length = 0;
      const provider = cimdProvider();
      const transport = new TransportV1(new URL(mcp.resource), { authProvider: provider, fetch: recordingFetch });
      await assert.rejects(new ClientV1({ name: 'cimd-test', version: '1.0.0' }).connect(transport), UnauthorizedV1);
      assert.ok(sent.includes('POST /oidc/register'), sent.join(', '));
      const url = provider.authorizationUrl!;
      assert.notEqual(url.searchParams.get('client_id'), metadataUrl);
      const back = await signInAndConsent(url, null);
      await transport.finishAuth(back.searchParams.get('code')!);
      const client = new ClientV1({ name: 'cimd-test', version: '1.0.0' });
      await client.connect(new TransportV1(new URL(mcp.resource), { authProvider: provider }));
      assert.ok(await client.callTool({ name: 'whoami', arguments: {} }));
      await client.close();
    });
  });
}
