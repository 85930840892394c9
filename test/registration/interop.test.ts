// Registration as real client libraries do it: openid-client 6 and the MCP TypeScript SDK.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { registerClient } from '@modelcontextprotocol/sdk/client/auth.js';
import { InvalidClientMetadataError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthorizationServerMetadata, OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { configureRegistration } from './support.ts';

for (const dialect of dialects()) {
  describe(`registration interop (${dialect})`, () => {
    let server: TestServer;
    let tenantId: string;

    before(async () => {
      // openid-client checks that discovery's issuer is the URL it was given.
      server = await startServer({ dialect, publicUrlFromPort: true });
      tenantId = await configureRegistration(server);
    });
    after(() => server.close());

    const stores = () => server.latchkey.services.storage.forTenant(tenantId);

    // The SDK's discoverAuthorizationServerMetadata also requires authorization_endpoint and
    // token_endpoint, which discovery lists once those endpoints exist; registerClient itself
    // needs only registration_endpoint, read here from the same RFC 8414 document.
    const asMetadata = async () => (await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json()) as AuthorizationServerMetadata;

    it('openid-client dynamicClientRegistration registers and returns a usable Configuration', async () => {
      const metadata = {
        client_name: 'openid-client app',
        redirect_uris: ['http://localhost:3000/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      };
      const config = await oidc.dynamicClientRegistration(new URL(server.url), metadata, undefined, { execute: [oidc.allowInsecureRequests] });
      assert.equal(config.serverMetadata().issuer, `${server.url}/`);
      assert.equal(config.serverMetadata().registration_endpoint, `${server.url}/oidc/register`);
      const registered = config.clientMetadata();
      assert.match(registered.client_id, /^[A-Za-z0-9]{32}$/);
      assert.match(String(registered.client_secret), /^[A-Za-z0-9_-]{64}$/);
      assert.equal(registered.client_secret_expires_at, 0);
      assert.equal(registered.token_endpoint_auth_method, 'client_secret_basic');
      assert.deepEqual(registered.redirect_uris, metadata.redirect_uris);

      const stored = await stores().clients.findById(registered.client_id);
      assert.equal(stored?.client_secret, registered.client_secret);
      assert.deepEqual(stored?.callbacks, metadata.redirect_uris);
      assert.equal(stored?.is_first_party, false);
    });

    it('accepts the MCP SDK registration request (scope, application_type native, loopback redirect)', async () => {
      const metadata = await asMetadata();
      assert.equal(metadata.registration_endpoint, `${server.url}/oidc/register`);
      const clientMetadata = {
        client_name: 'MCP Inspector',
        redirect_uris: ['http://127.0.0.1:33418/oauth/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        application_type: 'native',
      } as OAuthClientMetadata;
      const info = await registerClient(server.url, { metadata, clientMetadata, scope: 'mcp:tools read:docs' });
      assert.match(info.client_id, /^[A-Za-z0-9]{32}$/);
      assert.equal(info.client_secret, undefined);
      assert.equal(info.scope, 'mcp:tools read:docs');
      assert.deepEqual(info.redirect_uris, clientMetadata.redirect_uris);

      const stored = await stores().clients.findById(info.client_id);
      assert.equal(stored?.app_type, 'native');
      assert.equal(stored?.registration_metadata?.scope, 'mcp:tools read:docs');
    });

    it('gives the MCP SDK an OAuth error it understands', async () => {
      const metadata = await asMetadata();
      const clientMetadata = { redirect_uris: ['http://127.0.0.1:33418/cb'], token_endpoint_auth_method: 'private_key_jwt' } as OAuthClientMetadata;
      await assert.rejects(registerClient(server.url, { metadata, clientMetadata }), InvalidClientMetadataError);
    });
  });
}
