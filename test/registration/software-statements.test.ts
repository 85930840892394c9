// Software statements (RFC 7591 §2.3): trusted issuers as an owner sets them (PATCH, the CLI),
// statements as a registering client sends them (POST /oidc/register), on both stores.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { startHttpsServer, testCertificate, type HttpsServer } from '../helpers/https-server.ts';
import { managementToken, request, secondTenant } from '../management/helpers.ts';
import { cli } from '../operations/support.ts';

const CB = ['https://app.example.com/cb'];
const ISS_INLINE = 'https://vendor.example';
const ISS_REMOTE = 'https://directory.example';

interface Signer {
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signer(alg: 'ES256' | 'RS256' | 'EdDSA', kid?: string): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), ...(kid && { kid }) } };
}

/** A statement signed by `s` (its kid in the header when it has one). */
function sign(s: Signer, claims: JWTPayload, alg = s.jwk.kty === 'RSA' ? 'RS256' : s.jwk.kty === 'OKP' ? 'EdDSA' : 'ES256', iat?: number): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, ...(s.jwk.kid && { kid: s.jwk.kid }) })
    .setIssuedAt(iat)
    .sign(s.privateKey);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

for (const dialect of dialects()) {
  describe(`software statements (${dialect})`, () => {
    let server: TestServer;
    let jwksServer: HttpsServer;
    let vendor: Signer;
    let directory: Signer;
    let rotated: Signer;
    let stranger: Signer;
    /** what the issuer's jwks_uri serves */
    let served: JWK[];
    let jwksUri: string;
    let n = 0;

    /** A tenant of its own per test, with registration on and `policy` set through PATCH. */
    const tenantWith = async (policy: Record<string, unknown>) => {
      const t = await secondTenant(server, `ss-${++n}`);
      const token = await managementToken(server, t.credentials.management, { host: t.host });
      const res = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        host: t.host,
        token,
        body: { flags: { enable_dynamic_client_registration: true }, registration_rate_limits: { per_ip_burst: 1000 }, registration_policy: policy },
      });
      assert.equal(res.status, 200, res.text);
      return { host: t.host, token, issuer: `http://${t.host}/` };
    };
    const trusting = (extra: Record<string, unknown> = {}) =>
      tenantWith({
        software_statement_issuers: [
          { iss: ISS_INLINE, jwks: { keys: [vendor.jwk] } },
          { iss: ISS_REMOTE, jwks_uri: jwksUri },
        ],
        ...extra,
      });
    const registerAt = (host: string, body: unknown) => request(server, 'POST', '/oidc/register', { host, body });

    before(async () => {
      vendor = await signer('ES256');
      directory = await signer('RS256', 'dir-1');
      rotated = await signer('EdDSA', 'dir-2');
      stranger = await signer('ES256');
      served = [directory.jwk];
      jwksServer = await startHttpsServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served })));
      jwksUri = `https://localhost:${jwksServer.port}/jwks.json`;
      server = await startServer({ dialect, env: { LATCHKEY_FETCH_ALLOW_PRIVATE: 'localhost' }, outbound: { ca: testCertificate().cert } });
    });
    after(async () => {
      await server.close();
      await jwksServer.close();
    });

    it('registers with a statement verified against inline keys; its claims take precedence; the response echoes it', async () => {
      const t = await trusting();
      const statement = await sign(vendor, {
        iss: ISS_INLINE,
        software_id: 'cli-42',
        client_name: 'Vendor CLI',
        redirect_uris: ['https://cli.vendor.example/cb'],
        exp: Math.floor(Date.now() / 1000) + 600,
      });
      const res = await registerAt(t.host, {
        software_statement: statement,
        client_name: 'Whatever I Like',
        redirect_uris: ['https://elsewhere.example/cb'],
        contacts: ['ops@vendor.example'],
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.client_name, 'Vendor CLI');
      assert.deepEqual(res.json.redirect_uris, ['https://cli.vendor.example/cb']);
      assert.equal(res.json.software_id, 'cli-42');
      assert.deepEqual(res.json.contacts, ['ops@vendor.example'], 'plain metadata the statement does not name is kept');
      assert.equal(res.json.software_statement, statement);
      assert.equal(res.json.iss, undefined);
      assert.equal(res.json.exp, undefined);
      const client = await request(server, 'GET', `/api/v2/clients/${res.json.client_id}`, { host: t.host, token: t.token });
      assert.deepEqual(client.json.dynamic_registration.software_statement, { iss: ISS_INLINE, software_id: 'cli-42' });
      assert.equal(client.json.registration_metadata.software_statement, statement);
    });

    it('verifies against keys fetched from a jwks_uri, fetching again once for a key it has not seen', async () => {
      const t = await trusting();
      const ok = await registerAt(t.host, { software_statement: await sign(directory, { iss: ISS_REMOTE, client_name: 'Listed App' }), redirect_uris: CB });
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.json.client_name, 'Listed App');
      const fetches = jwksServer.hits.get('/jwks.json');
      // Cached: the same key again costs no fetch.
      assert.equal((await registerAt(t.host, { software_statement: await sign(directory, { iss: ISS_REMOTE }), redirect_uris: CB })).status, 201);
      assert.equal(jwksServer.hits.get('/jwks.json'), fetches);
      // The issuer rotates to a new key: the cached set lacks its kid, so the set is fetched again.
      served = [directory.jwk, rotated.jwk];
      const later = await registerAt(t.host, { software_statement: await sign(rotated, { iss: ISS_REMOTE }), redirect_uris: CB });
      assert.equal(later.status, 201, later.text);
      assert.equal(jwksServer.hits.get('/jwks.json'), fetches! + 1);
      // A kid the issuer does not publish: the refresh just made answers (one refresh per 30 s), no new fetch.
      const unknownKid = await registerAt(t.host, {
        software_statement: await sign({ ...stranger, jwk: { ...stranger.jwk, kid: 'nope' } }, { iss: ISS_REMOTE }),
        redirect_uris: CB,
      });
      assert.equal(unknownKid.status, 400);
      assert.equal(unknownKid.json.error, 'invalid_software_statement');
      assert.match(unknownKid.json.error_description, /key the issuer does not publish/);
      assert.equal(jwksServer.hits.get('/jwks.json'), fetches! + 1);
    });

    it('refuses an unknown issuer (unapproved), a bad signature, an expired statement and a future iat (invalid)', async () => {
      const t = await trusting();
      const cases: [Promise<string>, string, RegExp][] = [
        [sign(vendor, { iss: 'https://unknown.example' }), 'unapproved_software_statement', /"https:\/\/unknown\.example" is not one this tenant trusts/],
        [sign(stranger, { iss: ISS_INLINE }), 'invalid_software_statement', /signature does not verify/],
        [sign(vendor, { iss: ISS_INLINE, exp: Math.floor(Date.now() / 1000) - 3600 }), 'invalid_software_statement', /has expired/],
        [sign(vendor, { iss: ISS_INLINE }, 'ES256', Math.floor(Date.now() / 1000) + 3600), 'invalid_software_statement', /iat is in the future/],
        [sign(vendor, { iss: ISS_INLINE, aud: 'https://other-server.example/' }), 'invalid_software_statement', /aud names another server/],
        [sign(vendor, {}), 'invalid_software_statement', /no iss claim/],
      ];
      for (const [statement, error, description] of cases) {
        const res = await registerAt(t.host, { software_statement: await statement, redirect_uris: CB });
        assert.equal(res.status, 400, res.text);
        assert.equal(res.json.error, error, res.text);
        assert.match(res.json.error_description, description);
      }
      const ours = await registerAt(t.host, {
        software_statement: await sign(vendor, { iss: ISS_INLINE, aud: `${t.issuer}oidc/register` }),
        redirect_uris: CB,
      });
      assert.equal(ours.status, 201, ours.text);
      const logs = await request(server, 'GET', '/api/v2/logs?q=type:dcr_failure', { host: t.host, token: t.token });
      assert.ok(logs.json.some((l: { details: { error?: string } }) => l.details.error === 'unapproved_software_statement'));
    });

    it('refuses alg none and HMAC statements, and what is not a JWS', async () => {
      const t = await trusting();
      const unsigned = `${b64({ alg: 'none' })}.${b64({ iss: ISS_INLINE, client_name: 'Forged' })}.`;
      const hmac = await new SignJWT({ iss: ISS_INLINE })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode('a shared secret of 32 bytes at least!'));
      const noneSigned = `${b64({ alg: 'none' })}.${b64({ iss: ISS_INLINE })}.${b64({})}`;
      const cases: [unknown, RegExp][] = [
        [unsigned, /must be a signed JWT/],
        [noneSigned, /signed with "none"/],
        [hmac, /signed with "HS256"; accepted: RS256, PS256, ES256, EdDSA/],
        [42, /must be a signed JWT/],
        ['a.b.c', /not a readable JWT/],
      ];
      for (const [statement, description] of cases) {
        const res = await registerAt(t.host, { software_statement: statement, redirect_uris: CB });
        assert.equal(res.status, 400, res.text);
        assert.equal(res.json.error, 'invalid_software_statement', res.text);
        assert.match(res.json.error_description, description);
      }
    });

    it('require_software_statement: no statement is invalid_software_statement; a trusted one registers', async () => {
      const t = await trusting({ require_software_statement: true });
      const without = await registerAt(t.host, { redirect_uris: CB });
      assert.equal(without.status, 400);
      assert.equal(without.json.error, 'invalid_software_statement');
      assert.match(without.json.error_description, /require_software_statement/);
      const unknown = await registerAt(t.host, { software_statement: await sign(stranger, { iss: 'https://unknown.example' }), redirect_uris: CB });
      assert.equal(unknown.json.error, 'unapproved_software_statement');
      const ok = await registerAt(t.host, { software_statement: await sign(vendor, { iss: ISS_INLINE }), redirect_uris: CB });
      assert.equal(ok.status, 201, ok.text);
      const noIssuers = await tenantWith({ require_software_statement: true });
      const refused = await registerAt(noIssuers.host, { software_statement: await sign(vendor, { iss: ISS_INLINE }), redirect_uris: CB });
      assert.equal(refused.json.error, 'unapproved_software_statement');
    });

    it('the registration policy applies to the merged metadata', async () => {
      const t = await trusting({ allowed_redirect_uri_patterns: ['https://*.vendor.example/*'], allowed_scopes: ['openid'] });
      const overridden = await registerAt(t.host, {
        software_statement: await sign(vendor, { iss: ISS_INLINE, redirect_uris: ['https://phish.example/cb'] }),
        redirect_uris: ['https://app.vendor.example/cb'],
      });
      assert.equal(overridden.status, 400);
      assert.equal(overridden.json.error, 'invalid_redirect_uri');
      assert.match(overridden.json.error_description, /https:\/\/phish\.example\/cb matches none/);
      const scoped = await registerAt(t.host, {
        software_statement: await sign(vendor, { iss: ISS_INLINE, scope: 'openid email' }),
        redirect_uris: ['https://app.vendor.example/cb'],
      });
      assert.equal(scoped.json.error, 'invalid_client_metadata');
      assert.match(scoped.json.error_description, /scope email not allowed/);
      const badName = await registerAt(t.host, {
        software_statement: await sign(vendor, { iss: ISS_INLINE, client_name: 'evil\u202Egpj' }),
        redirect_uris: ['https://app.vendor.example/cb'],
      });
      assert.equal(badName.json.error, 'invalid_client_metadata');
    });

    it('a tenant that trusts no issuer ignores statements (RFC 7591 §2.3)', async () => {
      const t = await tenantWith({});
      const res = await registerAt(t.host, {
        software_statement: await sign(stranger, { iss: 'https://anyone.example', client_name: 'Claimed' }),
        redirect_uris: CB,
        client_name: 'Plain',
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.client_name, 'Plain');
      assert.equal(res.json.software_statement, undefined);
    });

    it('an issuer whose jwks_uri cannot be fetched refuses with invalid_software_statement, without the reason', async () => {
      const t = await tenantWith({ software_statement_issuers: [{ iss: ISS_REMOTE, jwks_uri: 'https://10.255.255.1/jwks.json' }] });
      const res = await registerAt(t.host, { software_statement: await sign(directory, { iss: ISS_REMOTE }), redirect_uris: CB });
      assert.equal(res.status, 400);
      assert.equal(res.json.error, 'invalid_software_statement');
      assert.match(res.json.error_description, /keys of "https:\/\/directory\.example" could not be fetched/);
      assert.doesNotMatch(res.json.error_description, /10\.255/);
    });

    it('the tenant log gives the owner the reason an issuer’s keys could not be fetched', async () => {
      const t = await tenantWith({ software_statement_issuers: [{ iss: ISS_REMOTE, jwks_uri: 'https://10.255.255.2/jwks.json' }] });
      assert.equal((await registerAt(t.host, { software_statement: await sign(directory, { iss: ISS_REMOTE }), redirect_uris: CB })).status, 400);
      const logs = await request(server, 'GET', '/api/v2/logs?q=type:w', { host: t.host, token: t.token });
      assert.equal(logs.status, 200, logs.text);
      const entry = (logs.json as { description: string }[]).find((l) => /software statement issuer/.test(l.description));
      assert.ok(entry, logs.text);
      assert.match(entry.description, /https:\/\/directory\.example could not be fetched: .*10\.255\.255\.2/);
    });

    it('an issuer key that cannot be imported refuses with invalid_software_statement, not a server error', async () => {
      const unusable = { kty: 'EC', crv: 'P-256', kid: 'broken', x: 'AAAA', y: 'AAAA' };
      const t = await tenantWith({ software_statement_issuers: [{ iss: ISS_INLINE, jwks: { keys: [unusable] } }] });
      const res = await registerAt(t.host, { software_statement: await sign(vendor, { iss: ISS_INLINE }), redirect_uris: CB });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json.error, 'invalid_software_statement');
      assert.match(res.json.error_description, /not a usable public key/);
    });

    it('PATCH validates the issuer list with a message naming the problem; GET returns it as set', async () => {
      const t = await tenantWith({});
      const refusals: [unknown, RegExp][] = [
        [[{ iss: ISS_INLINE }], /Exactly one of jwks and jwks_uri.*software_statement_issuers\[0\]/],
        [[{ iss: ISS_INLINE, jwks: { keys: [vendor.jwk] }, jwks_uri: jwksUri }], /Exactly one of jwks and jwks_uri/],
        [[{ iss: ISS_INLINE, jwks: { keys: [{ ...vendor.jwk, d: 'secret' }] } }], /private member "d".*software_statement_issuers\[0\]\.jwks\.keys\[0\]/],
        [[{ iss: ISS_INLINE, jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }], /kty must be one of RSA, EC, OKP/],
        [[{ iss: ISS_REMOTE, jwks_uri: 'http://directory.example/jwks' }], /String does not match pattern \^https:\/\/.*jwks_uri/],
        [
          [
            { iss: ISS_INLINE, jwks: { keys: [vendor.jwk] } },
            { iss: ISS_INLINE, jwks_uri: jwksUri },
          ],
          /listed twice/,
        ],
        [[{ iss: ISS_INLINE, jwks: { keys: [vendor.jwk] }, extra: 1 }], /Additional properties not allowed: extra|Data does not match/],
        ['https://vendor.example', /Expected type array|Data does not match/],
      ];
      for (const [issuers, message] of refusals) {
        const res = await request(server, 'PATCH', '/api/v2/tenants/settings', {
          host: t.host,
          token: t.token,
          body: { registration_policy: { software_statement_issuers: issuers } },
        });
        assert.equal(res.status, 400, JSON.stringify(issuers));
        assert.equal(res.json.errorCode, 'invalid_body');
        assert.match(res.json.message, message, res.json.message);
      }
      const set = [{ iss: ISS_INLINE, jwks: { keys: [vendor.jwk] } }];
      const ok = await request(server, 'PATCH', '/api/v2/tenants/settings', {
        host: t.host,
        token: t.token,
        body: { registration_policy: { software_statement_issuers: set, require_software_statement: true } },
      });
      assert.equal(ok.status, 200, ok.text);
      const got = await request(server, 'GET', '/api/v2/tenants/settings', { host: t.host, token: t.token });
      assert.deepEqual(got.json.registration_policy, { software_statement_issuers: set, require_software_statement: true });
    });

    it('the CLI sets the issuer list (a JSON value) and require_software_statement as PATCH does', async () => {
      const t = await tenantWith({});
      const env = { ...server.env, DATABASE_URL: server.env.DATABASE_URL ?? '' };
      const name = t.host.split('.')[0]!;
      const issuers = JSON.stringify([{ iss: ISS_REMOTE, jwks_uri: jwksUri }]);
      const r = await cli(
        env,
        'tenant',
        'settings',
        '--name',
        name,
        '--set',
        `registration_policy.software_statement_issuers=${issuers}`,
        '--set',
        'registration_policy.require_software_statement=true',
      );
      assert.equal(r.code, 0, r.stderr);
      const policy = JSON.parse(r.stdout).registration_policy;
      assert.deepEqual(policy.software_statement_issuers, [{ iss: ISS_REMOTE, jwks_uri: jwksUri }]);
      assert.equal(policy.require_software_statement, true);
      const refused = await cli(env, 'tenant', 'settings', '--name', name, '--set', `registration_policy.software_statement_issuers=[{"iss":"x"}]`);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /Exactly one of jwks and jwks_uri/);
    });
  });
}
