// The JWKS as Auth0 publishes it: each key with a self-signed certificate (x5c, x5t) that
// holds the same public key; keys from before certificates get one at the next start; the
// tenant flag remove_alg_from_jwks drops `alg`.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { createLocalJWKSet, importX509, jwtVerify } from 'jose';
import fs from 'node:fs';
import { dialects, freshPostgresDatabase, startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { managementToken, request } from '../management/helpers.ts';
import { generateSigningKey } from '../../src/services/signing-keys.ts';

type Jwk = { kid: string; n: string; e: string; alg?: string; x5c?: string[]; x5t?: string };
const jwks = async (server: TestServer): Promise<{ keys: Jwk[] }> => (await fetch(`${server.url}/.well-known/jwks.json`)).json();

/** The certificate in `key.x5c`, checked against the key's other members. */
function checkCertificate(key: Jwk, commonName: string): void {
  assert.equal(key.x5c?.length, 1);
  const der = Buffer.from(key.x5c![0]!, 'base64');
  assert.equal(der.toString('base64'), key.x5c![0], 'x5c is standard base64 (RFC 7517 §4.7)');
  const cert = new X509Certificate(der);
  assert.equal(cert.subject, `CN=${commonName}`);
  assert.equal(cert.issuer, cert.subject);
  assert.ok(cert.verify(cert.publicKey), 'signed by its own key');
  const fromJwk = createPublicKey({ key: { kty: 'RSA', n: key.n, e: key.e }, format: 'jwk' });
  assert.ok(cert.publicKey.equals(fromJwk), 'the certificate holds the same public key as n and e');
  assert.equal(key.x5t, createHash('sha1').update(der).digest('base64url'), 'x5t is the SHA-1 thumbprint (RFC 7517 §4.8)');
  assert.ok(new Date(cert.validFrom) <= new Date() && new Date(cert.validTo) > new Date(Date.now() + 10 * 365 * 86_400_000));
  assert.match(cert.serialNumber, /^[0-7][0-9A-F]{31}$/i, '16 octets, positive (RFC 5280 §4.1.2.2)');
}

for (const dialect of dialects()) {
  describe(`JWKS certificates (${dialect})`, () => {
    let server: TestServer;
    let dataDir: string;
    let db: { url: string; drop: () => Promise<void> } | undefined;
    let publicUrl: string;
    const restart = () =>
      startServer({ dialect, dataDir, databaseUrl: db?.url, env: { PUBLIC_URL: publicUrl, LATCHKEY_MASTER_KEY: server.env.LATCHKEY_MASTER_KEY ?? '' } });

    before(async () => {
      dataDir = tempDir();
      if (dialect === 'postgres') db = await freshPostgresDatabase();
      server = await startServer({ dialect, dataDir, databaseUrl: db?.url });
      publicUrl = `http://localhost:${server.port}`;
    });
    after(async () => {
      await server.stop();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('publishes every key with a self-signed certificate for the tenant domain', async () => {
      const { keys } = await jwks(server);
      assert.equal(keys.length, 2, 'the current key and the next one');
      for (const key of keys) checkCertificate(key, server.credentials.domain);
    });

    it('verifies tokens with the key read from the certificate, as validators that use x5c do', async () => {
      const token = await managementToken(server, server.credentials.management);
      const [key] = (await jwks(server)).keys;
      const pem = `-----BEGIN CERTIFICATE-----\n${key!.x5c![0]!.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
      const { payload } = await jwtVerify(token, await importX509(pem, 'RS256'), {
        issuer: server.credentials.issuer,
        audience: server.credentials.management.audience,
      });
      assert.equal(payload.sub, `${server.credentials.management.client_id}@clients`);
    });

    it('drops alg when the tenant sets remove_alg_from_jwks, and tokens still verify', async () => {
      const token = await managementToken(server, server.credentials.management);
      const patch = (value: boolean) => request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { flags: { remove_alg_from_jwks: value } } });
      assert.equal((await patch(true)).status, 200);
      const without = await jwks(server);
      assert.equal(without.keys[0]!.alg, undefined);
      assert.ok(without.keys[0]!.x5c);
      await jwtVerify(token, createLocalJWKSet(without as never), { issuer: server.credentials.issuer });
      assert.equal((await patch(false)).status, 200);
      assert.equal((await jwks(server)).keys[0]!.alg, 'RS256');
    });

    it('gives a certificate, at the next start, to a key stored without one', async () => {
      const storage = server.latchkey.services.storage;
      const tenant = (await storage.tenants.findDefault())!;
      const { x5c: _c, x5t: _t, ...bare } = (await generateSigningKey('ignored')).publicJwk as Jwk;
      const old = await generateSigningKey('ignored');
      // A rotation stores its replacement as the next key: here one without a certificate.
      await storage
        .forTenant(tenant.id)
        .signingKeys.rotate(
          { ...old, publicJwk: { ...bare, kid: old.kid, n: (old.publicJwk as Jwk).n, e: (old.publicJwk as Jwk).e }, status: 'next' },
          new Date(),
        );
      const beforeRestart = (await jwks(server)).keys.find((k) => k.kid === old.kid);
      assert.ok(beforeRestart && beforeRestart.x5c === undefined);

      await server.stop();
      server = await restart();
      const { keys } = await jwks(server);
      assert.equal(keys.length, 3, 'current, next and previous');
      for (const key of keys) checkCertificate(key, tenant.domain);
      // Another start changes nothing: the certificates are kept, not made again.
      const again = await restart();
      try {
        assert.deepEqual(await jwks(again), { keys });
      } finally {
        await again.stop();
      }
    });
  });
}
