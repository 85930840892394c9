// RBAC through the official auth0 SDK (v7): roles, their permissions and users, a user's roles
// and permissions, and what deleting a role, a scope, an API or a user takes with it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { all, managementToken, request, sdkClient, status } from '../management/helpers.ts';

const API = 'https://orders.example.com/';

for (const dialect of dialects()) {
  describe(`RBAC Management API (${dialect})`, () => {
    let server: TestServer;
    let mgmt: ManagementClient;
    before(async () => {
      server = await startServer({ dialect });
      mgmt = sdkClient(server, server.credentials.management);
      await mgmt.resourceServers.create({
        identifier: API,
        name: 'Orders',
        scopes: [
          { value: 'read:orders', description: 'Read orders' },
          { value: 'write:orders', description: 'Write orders' },
          { value: 'delete:orders', description: 'Delete orders' },
        ],
      });
    });
    after(() => server?.close());

    const newUser = (email: string) => mgmt.users.create({ connection: 'Username-Password-Authentication', email, password: 'password-1234' });

    test('roles: create, get, update, list with name_filter and paging to the end, delete', async () => {
      const admin = await mgmt.roles.create({ name: 'Admin', description: 'Everything' });
      assert.match(admin.id!, /^rol_[A-Za-z0-9]{16}$/);
      assert.equal(admin.description, 'Everything');
      const reader = await mgmt.roles.create({ name: 'Reader' });
      assert.equal((await mgmt.roles.get(reader.id!)).name, 'Reader');
      const renamed = await mgmt.roles.update(reader.id!, { name: 'Order reader', description: 'Reads orders' });
      assert.equal(renamed.name, 'Order reader');
      assert.equal((await mgmt.roles.get(reader.id!)).description, 'Reads orders');

      const names = (await all(await mgmt.roles.list({ per_page: 1 }))).map((r) => r.name);
      assert.deepEqual(names, ['Admin', 'Order reader']);
      assert.deepEqual(
        (await all(await mgmt.roles.list({ name_filter: 'READER' }))).map((r) => r.id),
        [reader.id],
      );
      assert.equal(await status(mgmt.roles.create({ name: 'Admin' })), 409);
      await mgmt.roles.delete(admin.id!);
      await mgmt.roles.delete(reader.id!);
      assert.equal(await status(mgmt.roles.get(admin.id!)), 404);
    });

    test('role permissions and members; user roles and permissions with their sources', async () => {
      const role = await mgmt.roles.create({ name: 'Clerk' });
      await mgmt.roles.permissions.add(role.id!, {
        permissions: [
          { resource_server_identifier: API, permission_name: 'read:orders' },
          { resource_server_identifier: API, permission_name: 'write:orders' },
        ],
      });
      // Adding one again is no error.
      await mgmt.roles.permissions.add(role.id!, { permissions: [{ resource_server_identifier: API, permission_name: 'read:orders' }] });
      const perms = await all(await mgmt.roles.permissions.list(role.id!));
      assert.deepEqual(perms, [
        { resource_server_identifier: API, permission_name: 'read:orders', resource_server_name: 'Orders', description: 'Read orders' },
        { resource_server_identifier: API, permission_name: 'write:orders', resource_server_name: 'Orders', description: 'Write orders' },
      ]);

      const ann = await newUser('ann@example.com');
      const bob = await newUser('bob@example.com');
      await mgmt.roles.users.assign(role.id!, { users: [ann.user_id!, bob.user_id!] });
      const members = await all(await mgmt.roles.users.list(role.id!, { take: 1 }));
      assert.deepEqual(members.map((m) => m.email).sort(), ['ann@example.com', 'bob@example.com']);

      await mgmt.users.roles.delete(bob.user_id!, { roles: [role.id!] });
      assert.deepEqual(await all(await mgmt.users.roles.list(bob.user_id!)), []);
      await mgmt.users.roles.assign(bob.user_id!, { roles: [role.id!] });
      assert.deepEqual(
        (await all(await mgmt.users.roles.list(bob.user_id!))).map((r) => r.name),
        ['Clerk'],
      );

      await mgmt.users.permissions.create(ann.user_id!, {
        permissions: [
          { resource_server_identifier: API, permission_name: 'read:orders' },
          { resource_server_identifier: API, permission_name: 'delete:orders' },
        ],
      });
      const annPerms = await all(await mgmt.users.permissions.list(ann.user_id!));
      const byName = Object.fromEntries(annPerms.map((p: any) => [p.permission_name, p.sources]));
      assert.deepEqual(Object.keys(byName).sort(), ['delete:orders', 'read:orders', 'write:orders']);
      assert.deepEqual(byName['delete:orders'], [{ source_id: '', source_name: '', source_type: 'DIRECT' }]);
      assert.deepEqual(byName['write:orders'], [{ source_id: role.id, source_name: 'Clerk', source_type: 'ROLE' }]);
      assert.equal(byName['read:orders'].length, 2);
      await mgmt.users.permissions.delete(ann.user_id!, { permissions: [{ resource_server_identifier: API, permission_name: 'delete:orders' }] });
      assert.deepEqual(
        (await all(await mgmt.users.permissions.list(ann.user_id!))).map((p) => p.permission_name),
        ['read:orders', 'write:orders'],
      );

      await mgmt.roles.permissions.delete(role.id!, { permissions: [{ resource_server_identifier: API, permission_name: 'write:orders' }] });
      assert.deepEqual(
        (await all(await mgmt.roles.permissions.list(role.id!))).map((p) => p.permission_name),
        ['read:orders'],
      );
    });

    test('removing a scope, a role, a user or an API removes what hangs on it', async () => {
      const api = await mgmt.resourceServers.create({ identifier: 'urn:stock', scopes: [{ value: 'count' }, { value: 'move' }] });
      const role = await mgmt.roles.create({ name: 'Stocker' });
      await mgmt.roles.permissions.add(role.id!, {
        permissions: ['count', 'move'].map((p) => ({ resource_server_identifier: 'urn:stock', permission_name: p })),
      });
      const cy = await newUser('cy@example.com');
      await mgmt.users.permissions.create(cy.user_id!, { permissions: [{ resource_server_identifier: 'urn:stock', permission_name: 'move' }] });
      await mgmt.users.roles.assign(cy.user_id!, { roles: [role.id!] });

      await mgmt.resourceServers.update(api.id!, { scopes: [{ value: 'count' }] });
      assert.deepEqual(
        (await all(await mgmt.roles.permissions.list(role.id!))).map((p) => p.permission_name),
        ['count'],
      );
      assert.deepEqual(
        (await all(await mgmt.users.permissions.list(cy.user_id!))).map((p) => p.permission_name),
        ['count'],
      );

      await mgmt.resourceServers.delete(api.id!);
      assert.deepEqual(await all(await mgmt.roles.permissions.list(role.id!)), []);
      // An API made again with the same identifier starts with no permissions.
      await mgmt.resourceServers.create({ identifier: 'urn:stock', scopes: [{ value: 'count' }] });
      assert.deepEqual(await all(await mgmt.users.permissions.list(cy.user_id!)), []);

      await mgmt.roles.delete(role.id!);
      assert.deepEqual(await all(await mgmt.users.roles.list(cy.user_id!)), []);

      const other = await mgmt.roles.create({ name: 'Other' });
      await mgmt.users.roles.assign(cy.user_id!, { roles: [other.id!] });
      await mgmt.users.delete(cy.user_id!);
      assert.deepEqual(await all(await mgmt.roles.users.list(other.id!)), []);
    });

    test('bad input: unknown API or permission, unknown roles or users, unknown properties; 400 or 404 and nothing written', async () => {
      const role = await mgmt.roles.create({ name: 'Careful' });
      const dee = await newUser('dee@example.com');
      const token = await managementToken(server, server.credentials.management);
      const call = (method: string, path: string, body?: unknown) =>
        request(server, method, `/api/v2${path}`, { token, ...(body !== undefined ? { body } : {}) });

      const unknownApi = await call('POST', `/roles/${role.id}/permissions`, {
        permissions: [
          { resource_server_identifier: API, permission_name: 'read:orders' },
          { resource_server_identifier: 'urn:nope', permission_name: 'read:orders' },
        ],
      });
      assert.equal(unknownApi.status, 400);
      assert.equal(unknownApi.json.errorCode, 'invalid_body');
      assert.match(unknownApi.json.message, /urn:nope/);
      const unknownScope = await call('POST', `/users/${encodeURIComponent(dee.user_id!)}/permissions`, {
        permissions: [{ resource_server_identifier: API, permission_name: 'fly:orders' }],
      });
      assert.equal(unknownScope.status, 400);
      assert.match(unknownScope.json.message, /fly:orders/);
      assert.deepEqual(await all(await mgmt.roles.permissions.list(role.id!)), []);
      assert.deepEqual(await all(await mgmt.users.permissions.list(dee.user_id!)), []);

      assert.equal((await call('POST', `/users/${encodeURIComponent(dee.user_id!)}/roles`, { roles: [role.id, 'rol_missing'] })).status, 400);
      assert.deepEqual(await all(await mgmt.users.roles.list(dee.user_id!)), []);
      assert.equal((await call('POST', `/roles/${role.id}/users`, { users: ['auth0|nobody'] })).status, 400);
      assert.equal((await call('POST', `/roles/rol_missing/users`, { users: [dee.user_id] })).status, 404);
      assert.equal((await call('GET', `/users/${encodeURIComponent('auth0|nobody')}/roles`)).status, 404);
      assert.equal((await call('POST', '/roles', { name: 'X', colour: 'red' })).status, 400);
      assert.equal((await call('POST', '/roles', { name: '' })).status, 400);
      assert.equal((await call('POST', `/roles/${role.id}/permissions`, { permissions: [] })).status, 400);
      assert.equal((await call('DELETE', `/users/${encodeURIComponent(dee.user_id!)}/roles`, {})).status, 400);
    });

    test("scopes: Auth0's role scopes guard the routes", async () => {
      const readOnly = await managementToken(server, server.credentials.management, { scope: 'read:roles' });
      const call = (method: string, path: string, body?: unknown) =>
        request(server, method, `/api/v2${path}`, { token: readOnly, ...(body !== undefined ? { body } : {}) });
      assert.equal((await call('GET', '/roles')).status, 200);
      const refused = await call('POST', '/roles', { name: 'Nope' });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.message, 'Insufficient scope, expected any of: create:roles');
    });

    test('resource servers: enforce_policies and token_dialect round-trip; an _authz dialect needs enforce_policies', async () => {
      const created = await mgmt.resourceServers.create({ identifier: 'urn:dialects', enforce_policies: true, token_dialect: 'rfc9068_profile_authz' });
      assert.equal(created.enforce_policies, true);
      assert.equal(created.token_dialect, 'rfc9068_profile_authz');
      assert.equal(await status(mgmt.resourceServers.update(created.id!, { enforce_policies: false })), 400);
      assert.equal((await mgmt.resourceServers.get(created.id!)).enforce_policies, true);
      const changed = await mgmt.resourceServers.update(created.id!, { token_dialect: 'rfc9068_profile', enforce_policies: false });
      assert.equal(changed.token_dialect, 'rfc9068_profile');
      assert.equal(await status(mgmt.resourceServers.create({ identifier: 'urn:bad', token_dialect: 'access_token_authz' })), 400);
      assert.equal(await status(mgmt.resourceServers.create({ identifier: 'urn:bad', token_dialect: 'jwt' as never })), 400);
      const plain = await mgmt.resourceServers.create({ identifier: 'urn:plain' });
      assert.equal(plain.token_dialect, 'access_token');
      assert.equal(plain.enforce_policies, false);
    });
  });
}
