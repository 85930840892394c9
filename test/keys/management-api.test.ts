// /api/v2/keys/signing through the official auth0 SDK (v7: client.keys.signing.list / get /
// rotate / revoke), unchanged, and its refusals in Auth0's error shape.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { ManagementClient } from 'auth0';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request, sdkClient } from '../management/helpers.ts';

async function refusal(p: Promise<unknown>): Promise<{ statusCode?: number; body?: any }> {
  try {
    await p;
  } catch (err) {
    return err as { statusCode?: number; body?: any };
  }
  assert.fail('expected a refusal');
}

for (const dialect of dialects()) {
  describe(`signing keys through the auth0 SDK (${dialect})`, () => {
    let server: TestServer;
    let mgmt: ManagementClient;
    before(async () => {
      server = await startServer({ dialect });
      mgmt = sdkClient(server, server.credentials.management);
    });
    after(() => server?.close());

    test('list, get, rotate and revoke with Auth0 members; the current and next keys cannot be revoked', async () => {
      const keys = await mgmt.keys.signing.list();
      assert.equal(keys.length, 2);
      const current = keys.find((k) => k.current)!;
      const next = keys.find((k) => k.next)!;
      assert.ok(current && next);
      for (const k of keys) {
        assert.deepEqual(
          Object.keys(k)
            .filter((m) => !['current_since', 'current_until', 'revoked_at'].includes(m))
            .sort(),
          ['cert', 'current', 'fingerprint', 'kid', 'next', 'pkcs7', 'previous', 'revoked', 'thumbprint'],
        );
        const cert = new X509Certificate(k.cert);
        assert.equal(k.fingerprint, cert.fingerprint);
        assert.equal(k.thumbprint, cert.fingerprint.replaceAll(':', ''));
        assert.match(k.pkcs7!, /^-----BEGIN PKCS7-----\r\n[A-Za-z0-9+/=\r\n]+-----END PKCS7-----$/);
      }
      assert.ok(current.current_since && !current.current_until);
      assert.equal(next.current_since, undefined);

      const got = await mgmt.keys.signing.get(current.kid);
      assert.deepEqual(got, current);

      const currentRefused = await refusal(mgmt.keys.signing.revoke(current.kid));
      assert.equal(currentRefused.statusCode, 400);
      assert.equal(currentRefused.body.errorCode, 'invalid_operation');
      assert.equal((await refusal(mgmt.keys.signing.revoke(next.kid))).statusCode, 400);
      assert.equal((await refusal(mgmt.keys.signing.get('no-such-kid'))).statusCode, 404);
      assert.equal((await refusal(mgmt.keys.signing.revoke('no-such-kid'))).statusCode, 404);

      const rotated = await mgmt.keys.signing.rotate();
      assert.equal(rotated.kid, next.kid);
      assert.equal(rotated.cert, next.cert);

      const afterRotation = await mgmt.keys.signing.list();
      assert.equal(afterRotation.length, 3);
      assert.equal(afterRotation.find((k) => k.kid === next.kid)!.current, true);
      const previous = afterRotation.find((k) => k.kid === current.kid)!;
      assert.equal(previous.previous, true);
      assert.equal(previous.current_until !== undefined, true);

      const revoked = await mgmt.keys.signing.revoke(current.kid);
      assert.deepEqual(revoked, { cert: current.cert, kid: current.kid });
      // The SDK's cached token was signed by the key just revoked: it no longer verifies.
      assert.equal((await refusal(mgmt.keys.signing.list())).statusCode, 401);
      mgmt = sdkClient(server, server.credentials.management);
      assert.equal((await mgmt.keys.signing.get(current.kid)).revoked, true);
      assert.equal((await refusal(mgmt.keys.signing.revoke(current.kid))).statusCode, 400);
    });

    test('scopes: reading needs read:signing_keys, rotating create: or update:signing_keys, revoking update:signing_keys', async () => {
      const creds = server.credentials.management;
      const readOnly = await managementToken(server, creds, { scope: 'read:signing_keys' });
      assert.equal((await request(server, 'GET', '/api/v2/keys/signing', { token: readOnly })).status, 200);
      const rotate = await request(server, 'POST', '/api/v2/keys/signing/rotate', { token: readOnly });
      assert.equal(rotate.status, 403);
      assert.equal(rotate.json.errorCode, 'insufficient_scope');
      const keys = (await request(server, 'GET', '/api/v2/keys/signing', { token: readOnly })).json as { kid: string }[];
      assert.equal((await request(server, 'PUT', `/api/v2/keys/signing/${keys[0]!.kid}/revoke`, { token: readOnly })).status, 403);
      const other = await managementToken(server, creds, { scope: 'read:clients' });
      assert.equal((await request(server, 'GET', `/api/v2/keys/signing/${keys[0]!.kid}`, { token: other })).status, 403);
      const full = await managementToken(server, creds);
      const before = (await request(server, 'GET', '/api/v2/keys/signing', { token: full })).json as { kid: string }[];
      for (const body of [{ force: true }, [1], 'x']) {
        const refused = await request(server, 'POST', '/api/v2/keys/signing/rotate', { token: full, body });
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.equal(refused.json.errorCode, 'invalid_body');
      }
      assert.deepEqual((await request(server, 'GET', '/api/v2/keys/signing', { token: full })).json, before, 'nothing rotated');
      const creator = await managementToken(server, creds, { scope: 'create:signing_keys' });
      assert.equal((await request(server, 'POST', '/api/v2/keys/signing/rotate', { token: creator })).status, 201);
    });
  });
}
