// Users' effective permissions are read through the cache at every user token; a change to
// roles or permissions made by another instance on the same database (SQLite: the same file;
// PostgreSQL: the RBAC tables' NOTIFY) is seen, and nothing stale is served after it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.ts';
import { openStorage } from '../../src/main.ts';
import { newRoleId } from '../../src/domain/ids.ts';
import type { Storage, TenantStores } from '../../src/storage/ports.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { createApi, createUser, defaultStores } from '../helpers/fixtures.ts';

/** Polls `check` for up to 3 s (the other instance's commit reaches this one within a turn or a NOTIFY). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('the change was not seen within 3 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const dialect of dialects()) {
  describe(`cached effective permissions across instances (${dialect})`, () => {
    let server: TestServer;
    let other: Storage;
    let mine: TenantStores;
    let theirs: TenantStores;
    before(async () => {
      server = await startServer({ dialect });
      other = await openStorage(loadConfig({ ...server.env, PORT: '0' }));
      mine = await defaultStores(server);
      theirs = other.forTenant(mine.tenantId);
    });
    after(async () => {
      await other?.close();
      await server?.close();
    });

    test('a role given, widened and taken away in another instance', async () => {
      const api = await createApi(server, { identifier: 'https://cached-rbac.example/' });
      const user = await createUser(server, { email: 'cy@example.com', password: 'correct horse battery' });
      const names = async () => [...(await mine.userAuthorization.permissionNames(user.user_id, api.id))].sort();
      assert.deepEqual(await names(), []);
      // Cached: the same frozen list on a second read (on PostgreSQL once the change listener is up:
      // until then nothing is served from the cache).
      const read = () => mine.userAuthorization.permissionNames(user.user_id, api.id);
      await eventually(async () => (await read()) === (await read()));

      const role = await theirs.roles.create({ id: newRoleId(), name: 'Reader', description: '' });
      await theirs.roles.addPermissions(role.id, [{ resourceServerId: api.id, name: 'read:contacts' }]);
      await theirs.userAuthorization.assignRoles([{ userId: user.user_id, roleId: role.id }]);
      await eventually(async () => (await names()).join() === 'read:contacts');

      await theirs.userAuthorization.addPermissions(user.user_id, [{ resourceServerId: api.id, name: 'write:contacts' }]);
      await eventually(async () => (await names()).join() === 'read:contacts,write:contacts');

      await theirs.roles.delete(role.id);
      await eventually(async () => (await names()).join() === 'write:contacts');
      await theirs.userAuthorization.deleteForUser(user.user_id);
      await eventually(async () => (await names()).length === 0);
    });
  });
}
