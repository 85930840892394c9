// The MCP TypeScript SDK's auth() against Latchkey: protected resource metadata from a
// stand-in MCP server, AS discovery, dynamic registration, /authorize with RFC 8707
// `resource`, and a token whose audience is that resource.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { MemoryOAuthProvider } from '../helpers/mcp-client.ts';
import { createApi, createUser, registerThirdPartyClient } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';

for (const dialect of dialects()) {
  describe(`MCP SDK auth() (${dialect})`, () => {
    let server: TestServer;
    let mcp: http.Server;
    let resource: string;

    before(async () => {
      server = await startServer({ dialect, publicUrlFromPort: true });
      // Registration is off by default (auth0-behaviour §1.1); this tenant opens it.
      const { storage } = server.latchkey.services;
      const tenant = (await storage.tenants.findDefault())!;
      await storage.tenants.updateSettings(tenant.id, (s) => ({ ...s, flags: { ...s.flags, enable_dynamic_client_registration: true } }));
      // RFC 9728 protected resource metadata, as an MCP server publishes it.
      mcp = http.createServer((req, res) => {
        if (req.url === '/.well-known/oauth-protected-resource/mcp') {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ resource, authorization_servers: [server.url], scopes_supported: ['mcp:tools'] }));
        } else res.writeHead(404).end();
      });
      await new Promise<void>((r) => mcp.listen(0, '127.0.0.1', r));
      resource = `http://127.0.0.1:${(mcp.address() as AddressInfo).port}/mcp`;
      await createApi(server, { identifier: resource, name: 'MCP server', scopes: [{ value: 'mcp:tools', description: 'Use the server’s tools' }] });
      await createUser(server, { email: 'ada@example.com', password: 'correct horse battery' });
    });
    after(async () => {
      await new Promise((r) => mcp.close(r));
      await server.close();
    });

    async function runAuth(provider: MemoryOAuthProvider) {
      assert.equal(await auth(provider, { serverUrl: resource }), 'REDIRECT');
      const url = provider.authorizationUrl!;
      assert.equal(url.searchParams.get('resource'), resource);
      assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
      const hop = await authorizeThrough(new UserAgent(), server.url, url.href, {
        email: 'ada@example.com',
        password: 'correct horse battery',
        consent: 'accept',
      });
      assert.equal(hop.status, 302, hop.body.slice(0, 300));
      const back = new URL(hop.location!);
      assert.equal(back.searchParams.get('state'), 'mcp-state');
      assert.equal(back.searchParams.get('iss'), `${server.url}/`);
      assert.equal(await auth(provider, { serverUrl: resource, authorizationCode: back.searchParams.get('code')! }), 'AUTHORIZED');
      const claims = decodeJwt(provider.saved!.access_token);
      assert.equal(claims.aud, resource);
      assert.equal(claims.scope, 'mcp:tools');
      assert.equal(claims.iss, `${server.url}/`);
      assert.equal(claims.azp, (provider.info as { client_id: string }).client_id);
    }

    test('discovery, registration, authorize with resource, token for that resource', async () => {
      await runAuth(new MemoryOAuthProvider({ redirectUrl: REDIRECT, clientName: 'MCP Inspector', state: 'mcp-state' }));
    });

    test('with a client registered beforehand: authorize with resource, token for that resource', async () => {
      const client = await registerThirdPartyClient(server, {
        redirectUris: [REDIRECT],
        authMethod: 'none',
        grantTypes: ['authorization_code', 'refresh_token'],
      });
      await runAuth(
        new MemoryOAuthProvider({
          redirectUrl: REDIRECT,
          clientName: 'MCP Inspector',
          state: 'mcp-state',
          info: { client_id: client.client_id, redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' },
        }),
      );
    });
  });
}
