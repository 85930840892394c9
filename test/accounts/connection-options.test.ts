// PATCH /api/v2/connections/{id} with `options`: Auth0's password and sign-up options, which
// replace the whole options object; bad values are refused and change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { request, sdkClient } from '../management/helpers.ts';

for (const dialect of dialects()) {
  describe(`database connection options (${dialect})`, () => {
    let server: TestServer;
    let mgmt: ManagementClient;
    let id: string;
    before(async () => {
      server = await startServer({ dialect });
      mgmt = sdkClient(server, server.credentials.management);
      const list = await mgmt.connections.list();
      id = list.data[0]!.id!;
    });
    after(() => server?.close());

    test('defaults: password_policy good, min_length 8', async () => {
      const c = await mgmt.connections.get(id);
      assert.equal(c.options?.password_policy, 'good');
      assert.deepEqual(c.options?.password_complexity_options, { min_length: 8 });
    });

    test('options round-trip through the SDK and replace the whole object', async () => {
      const first = await mgmt.connections.update(id, {
        options: { disable_signup: true, password_policy: 'excellent', password_dictionary: { enable: true, dictionary: ['acme2025!'] } },
      });
      assert.equal(first.options?.disable_signup, true);
      assert.equal(first.options?.password_policy, 'excellent');
      assert.deepEqual(first.options?.password_complexity_options, { min_length: 10 });
      const second = await mgmt.connections.update(id, { options: { password_policy: 'low', password_complexity_options: { min_length: 7 } } });
      assert.equal(second.options?.disable_signup, undefined, 'options left out are gone, as at Auth0');
      assert.equal(second.options?.password_dictionary, undefined);
      assert.deepEqual(second.options?.password_complexity_options, { min_length: 7 });
      assert.equal((await mgmt.connections.get(id)).options?.password_policy, 'low');
    });

    test('bad options → 400 and nothing changed', async () => {
      for (const options of [
        { password_policy: 'strong' },
        { password_complexity_options: { min_length: 0 } },
        { password_complexity_options: { min_length: 129 } },
        { disable_signup: 'yes' },
      ]) {
        let status = 0;
        try {
          await mgmt.connections.update(id, { options: options as never });
        } catch (err) {
          status = (err as { statusCode: number }).statusCode;
        }
        assert.equal(status, 400, JSON.stringify(options));
      }
      assert.equal((await mgmt.connections.get(id)).options?.password_policy, 'low');
      assert.equal((await request(server, 'GET', `/api/v2/connections/${id}`)).status, 401);
    });
  });
}
