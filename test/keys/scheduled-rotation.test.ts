// Scheduled rotation (tenant setting signing_keys_rotation_days, beyond Auth0): the clean-up
// rotates a tenant's keys once the current key has signed that long; two instances sweeping the
// same store at once rotate once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sweeper } from '../../src/services/sweeper.ts';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request } from '../management/helpers.ts';
import { sibling } from './support.ts';

const DAY = 86_400_000;

for (const dialect of dialects()) {
  describe(`scheduled signing-key rotation (${dialect})`, () => {
    let a: TestServer;
    let b: TestServer;
    let token: string;
    before(async () => {
      a = await startServer({ dialect });
      b = await sibling(a, dialect, `http://localhost:${a.port}`);
      token = await managementToken(a, a.credentials.management);
    });
    after(async () => {
      await b?.stop();
      await a?.close();
    });

    const patch = (body: unknown) => request(a, 'PATCH', '/api/v2/tenants/settings', { token, body });
    const keys = async () =>
      (await request(a, 'GET', '/api/v2/keys/signing', { token })).json as { kid: string; current: boolean; previous: boolean; next: boolean }[];
    const sweepers = () => [a, b].map((s) => new Sweeper(s.latchkey.services.storage, { logRetentionDays: 30 }));

    it('the setting: 1 to 3650 days or null, refused otherwise', async () => {
      for (const bad of [0, 3651, 1.5, '30', true]) {
        const res = await patch({ signing_keys_rotation_days: bad });
        assert.equal(res.status, 400, JSON.stringify(bad));
        assert.equal(res.json.errorCode, 'invalid_body');
      }
      assert.equal((await patch({ signing_keys_rotation_days: 30 })).json.signing_keys_rotation_days, 30);
      assert.equal((await request(a, 'GET', '/api/v2/tenants/settings', { token })).json.signing_keys_rotation_days, 30);
      assert.equal((await patch({ signing_keys_rotation_days: null })).json.signing_keys_rotation_days, null);
    });

    it('rotates once when due, whichever instances sweep; not before; not when off', async () => {
      const [current] = (await keys()).filter((k) => k.current);
      const now = Date.now();
      // Off: nothing happens however old the key.
      await Promise.all(sweepers().map((s) => s.sweepOnce(new Date(now + 400 * DAY))));
      assert.equal((await keys()).find((k) => k.current)!.kid, current!.kid);

      assert.equal((await patch({ signing_keys_rotation_days: 30 })).status, 200);
      const early = await Promise.all(sweepers().map((s) => s.sweepOnce(new Date(now + 29 * DAY))));
      assert.deepEqual(
        early.map((r) => r.rotatedKeys),
        [0, 0],
      );

      const due = await Promise.all(sweepers().map((s) => s.sweepOnce(new Date(now + 31 * DAY))));
      assert.deepEqual(due.map((r) => r.rotatedKeys).sort(), [0, 1], 'one instance rotated');
      const after = await keys();
      assert.equal(after.filter((k) => k.current).length, 1);
      assert.equal(after.filter((k) => k.previous).length, 1);
      assert.equal(after.find((k) => k.kid === current!.kid)!.previous, true);

      // The new current key became current "now + 31 days": not due again 29 days later.
      const again = await Promise.all(sweepers().map((s) => s.sweepOnce(new Date(now + 60 * DAY))));
      assert.deepEqual(
        again.map((r) => r.rotatedKeys),
        [0, 0],
      );
      assert.equal((await keys()).filter((k) => k.previous).length, 1);
    });
  });
}
