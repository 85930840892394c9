// Every resource through the official auth0 SDK (v7 ManagementClient), unchanged except for a
// fetch that speaks http to the loopback server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { all, sdkClient, status } from './helpers.ts';

for (const dialect of dialects()) {
  describe(`auth0 SDK against /api/v2 (${dialect})`, () => {
    let server: TestServer;
    let mgmt: ManagementClient;
    before(async () => {
      server = await startServer({ dialect });
      mgmt = sdkClient(server, server.credentials.management);
    });
    after(() => server?.close());

    test('tenant settings: get and update', async () => {
      const updated = await mgmt.tenants.settings.update({ flags: { enable_dynamic_client_registration: true }, friendly_name: 'SDK Tenant' });
      assert.equal(updated.flags?.enable_dynamic_client_registration, true);
      const got = await mgmt.tenants.settings.get();
      assert.equal(got.friendly_name, 'SDK Tenant');
      assert.equal(got.flags?.enable_dynamic_client_registration, true);
    });

    test('clients: redirection_policy (Auth0) round-trips; first-party clients default to allow_always, third-party ones to open_redirect_protection', async () => {
      const first = await mgmt.clients.create({ name: 'First party', callbacks: ['https://first.example.com/cb'] });
      assert.equal(first.redirection_policy, 'allow_always');
      const third = await mgmt.clients.create({ name: 'Partner', is_first_party: false, callbacks: ['https://partner.example.com/cb'] });
      assert.equal(third.redirection_policy, 'open_redirect_protection');
      const changed = await mgmt.clients.update(first.client_id!, { redirection_policy: 'open_redirect_protection' });
      assert.equal(changed.redirection_policy, 'open_redirect_protection');
      assert.equal((await mgmt.clients.get(first.client_id!)).redirection_policy, 'open_redirect_protection');
      assert.equal(await status(mgmt.clients.update(first.client_id!, { redirection_policy: 'sometimes' as never })), 400);
      await mgmt.clients.delete(first.client_id!);
      await mgmt.clients.delete(third.client_id!);
    });

    test('clients: create, get, update, rotate, list to the end, delete', async () => {
      const created = await mgmt.clients.create({ name: 'Web App', app_type: 'regular_web', callbacks: ['https://app.example.com/cb'] });
      assert.equal(created.name, 'Web App');
      assert.equal(created.is_first_party, true);
      assert.match(created.client_id!, /^[A-Za-z0-9]{32}$/);
      assert.equal(typeof created.client_secret, 'string');
      assert.deepEqual(created.grant_types, ['authorization_code', 'implicit', 'refresh_token', 'client_credentials']);
      assert.equal(created.token_endpoint_auth_method, 'client_secret_post');

      const got = await mgmt.clients.get(created.client_id!);
      assert.deepEqual(got.callbacks, ['https://app.example.com/cb']);
      assert.equal(got.client_secret, created.client_secret, 'read:client_keys shows the secret');

      const patched = await mgmt.clients.update(created.client_id!, { description: 'Updated', web_origins: ['https://app.example.com'] });
      assert.equal(patched.description, 'Updated');
      assert.deepEqual(patched.web_origins, ['https://app.example.com']);
      assert.equal(patched.name, 'Web App');

      const rotated = await mgmt.clients.rotateSecret(created.client_id!);
      assert.notEqual(rotated.client_secret, created.client_secret);

      const spa = await mgmt.clients.create({ name: 'SPA', app_type: 'spa' });
      assert.equal(spa.token_endpoint_auth_method, 'none');
      await mgmt.clients.create({ name: 'Third', is_first_party: false });

      const listed = await all(await mgmt.clients.list({ per_page: 2 }));
      assert.deepEqual(listed.map((c) => c.name).sort(), ['Latchkey Management Client', 'SPA', 'Third', 'Web App']);
      const spas = await all(await mgmt.clients.list({ app_type: 'spa' }));
      assert.deepEqual(
        spas.map((c) => c.client_id),
        [spa.client_id],
      );
      const thirdParty = await all(await mgmt.clients.list({ is_first_party: false }));
      assert.deepEqual(
        thirdParty.map((c) => c.name),
        ['Third'],
      );

      await mgmt.clients.delete(spa.client_id!);
      assert.equal(await status(mgmt.clients.get(spa.client_id!)), 404);
    });

    test('resource servers: CRUD, system API by encoded identifier, paged list', async () => {
      const created = await mgmt.resourceServers.create({
        identifier: 'https://api.example.com/',
        name: 'Example API',
        scopes: [{ value: 'read:things', description: 'Read things' }],
      });
      assert.match(created.id!, /^[0-9a-f]{24}$/);
      assert.equal(created.token_lifetime, 86400);
      assert.equal(created.signing_alg, 'RS256');

      const byIdentifier = await mgmt.resourceServers.get('https://api.example.com/');
      assert.equal(byIdentifier.id, created.id);
      const patched = await mgmt.resourceServers.update(created.id!, {
        token_lifetime: 3600,
        scopes: [
          { value: 'read:things', description: 'Read' },
          { value: 'write:things', description: 'Write' },
        ],
      });
      assert.equal(patched.token_lifetime, 3600);
      assert.deepEqual(
        patched.scopes?.map((s) => s.value),
        ['read:things', 'write:things'],
      );

      const system = await mgmt.resourceServers.get(server.credentials.management.audience);
      assert.equal(system.is_system, true);
      const sysPatched = await mgmt.resourceServers.update(system.id!, { token_lifetime: 7200 });
      assert.equal(sysPatched.token_lifetime, 7200);
      assert.equal(await status(mgmt.resourceServers.delete(system.id!)), 403);

      const listed = await all(await mgmt.resourceServers.list({ per_page: 1 }));
      assert.deepEqual(listed.map((r) => r.identifier).sort(), [server.credentials.management.audience, 'https://api.example.com/'].sort());

      await mgmt.resourceServers.delete(created.id!);
      assert.equal(await status(mgmt.resourceServers.get(created.id!)), 404);
    });

    test('client grants: CRUD, checkpoint list to the end', async () => {
      const api = await mgmt.resourceServers.create({ identifier: 'urn:orders', scopes: [{ value: 'read:orders' }, { value: 'write:orders' }] });
      const m2m = await mgmt.clients.create({ name: 'Worker', app_type: 'non_interactive' });
      const grant = await mgmt.clientGrants.create({ client_id: m2m.client_id!, audience: 'urn:orders', scope: ['read:orders'] });
      assert.match(grant.id!, /^cgr_[A-Za-z0-9]{16}$/);
      assert.deepEqual(grant.scope, ['read:orders']);
      assert.equal(await status(mgmt.clientGrants.create({ client_id: m2m.client_id!, audience: 'urn:orders', scope: [] })), 409);

      const updated = await mgmt.clientGrants.update(grant.id!, { scope: ['read:orders', 'write:orders'] });
      assert.deepEqual(updated.scope, ['read:orders', 'write:orders']);
      const got = await mgmt.clientGrants.get(grant.id!);
      assert.deepEqual(got.scope, ['read:orders', 'write:orders']);

      const listed = await all(await mgmt.clientGrants.list({ take: 1 }));
      assert.equal(listed.length, 2, 'the management grant and this one');
      assert.deepEqual(new Set(listed.map((g) => g.id)).size, 2);
      const filtered = await all(await mgmt.clientGrants.list({ client_id: m2m.client_id! }));
      assert.deepEqual(
        filtered.map((g) => g.id),
        [grant.id],
      );

      await mgmt.clientGrants.delete(grant.id!);
      assert.equal(await status(mgmt.clientGrants.get(grant.id!)), 404);
      // Deleting a client removes its grants.
      const again = await mgmt.clientGrants.create({ client_id: m2m.client_id!, audience: 'urn:orders', scope: [] });
      await mgmt.clients.delete(m2m.client_id!);
      assert.equal(await status(mgmt.clientGrants.get(again.id!)), 404);
      await mgmt.resourceServers.delete(api.id!);
    });

    test('users: create, get, update, list to the end, delete', async () => {
      const created = await mgmt.users.create({ connection: 'Username-Password-Authentication', email: 'Jane@Example.com', password: 'correct horse battery' });
      assert.match(created.user_id!, /^auth0\|[0-9a-f]{24}$/);
      assert.equal(created.email, 'jane@example.com');
      assert.equal(created.email_verified, false);
      assert.deepEqual(created.identities, [
        { connection: 'Username-Password-Authentication', provider: 'auth0', user_id: created.user_id!.slice(6), isSocial: false },
      ]);
      assert.equal((created as Record<string, unknown>).password, undefined);
      assert.equal(JSON.stringify(created).includes('argon2'), false);

      const patched = await mgmt.users.update(created.user_id!, {
        blocked: true,
        email_verified: true,
        name: 'Jane Doe',
        user_metadata: { theme: 'dark' },
        app_metadata: { plan: 'pro' },
      });
      assert.equal(patched.blocked, true);
      assert.equal(patched.name, 'Jane Doe');
      assert.deepEqual(patched.user_metadata, { theme: 'dark' });
      const merged = await mgmt.users.update(created.user_id!, { user_metadata: { lang: 'fr' }, password: 'another long password' });
      assert.deepEqual(merged.user_metadata, { theme: 'dark', lang: 'fr' });
      const got = await mgmt.users.get(created.user_id!);
      assert.deepEqual(got.app_metadata, { plan: 'pro' });

      for (const n of [1, 2])
        await mgmt.users.create({ connection: 'Username-Password-Authentication', email: `user${n}@example.com`, password: 'password-123' });
      const everyone = await all(await mgmt.users.list({ per_page: 2 }));
      assert.deepEqual(everyone.map((u) => u.email).sort(), ['jane@example.com', 'user1@example.com', 'user2@example.com']);
      const found = await all(await mgmt.users.list({ q: 'email:"jane@example.com"' }));
      assert.deepEqual(
        found.map((u) => u.user_id),
        [created.user_id],
      );

      await mgmt.users.delete(created.user_id!);
      assert.equal(await status(mgmt.users.get(created.user_id!)), 404);
    });

    test('connections: list, get, update enabled_clients', async () => {
      const list = await all(await mgmt.connections.list());
      assert.equal(list.length, 1);
      const db = list[0]!;
      assert.equal(db.name, 'Username-Password-Authentication');
      assert.equal(db.strategy, 'auth0');
      assert.equal(db.is_domain_connection, true);
      assert.match(db.id!, /^con_[A-Za-z0-9]{16}$/);

      const app = await mgmt.clients.create({ name: 'Portal' });
      const updated = await mgmt.connections.update(db.id!, { enabled_clients: [app.client_id!] });
      assert.deepEqual(updated.enabled_clients, [app.client_id]);
      const got = await mgmt.connections.get(db.id!);
      assert.deepEqual(got.enabled_clients, [app.client_id]);
      await mgmt.clients.delete(app.client_id!);
      assert.deepEqual((await mgmt.connections.get(db.id!)).enabled_clients, [], 'a deleted client leaves the connection');
    });
  });
}
