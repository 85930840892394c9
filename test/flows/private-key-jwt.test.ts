// private_key_jwt (RFC 7523 §2.2, OIDC Core §9) at /oauth/token and /oauth/revoke: openid-client
// authenticating registered clients with their keys (inline jwks, and a jwks_uri served over
// https with a key rotation), Client ID Metadata Document clients whose document carries their
// keys, and every way an assertion is refused, on both stores.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { startHttpsServer, testCertificate, type HttpsServer } from '../helpers/https-server.ts';
import { createUser, skipCallbackConfirmation } from '../helpers/fixtures.ts';
import { UserAgent, authorizeThrough } from '../helpers/user-agent.ts';
import { configureRegistration, register } from '../registration/support.ts';
import { managementToken, request } from '../management/helpers.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const USER = { email: 'kim@example.com', password: 'correct horse battery' };

interface Signer {
  privateKey: CryptoKey;
  jwk: JWK;
  alg: string;
}

async function signer(alg: 'ES256' | 'RS256' | 'PS256' | 'EdDSA', kid: string): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  // openid-client names EdDSA over Ed25519 by its RFC 9864 name; the JWK leaves alg out for it.
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, ...(alg !== 'EdDSA' && { alg }) }, alg };
}

const now = () => Math.floor(Date.now() / 1000);
let jtis = 0;

/** An assertion as a client would make it; `claims` and `header` override the defaults. */
function assertion(s: Signer, clientId: string, aud: string | string[], claims: JWTPayload = {}, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ iss: clientId, sub: clientId, aud, jti: `jti-${++jtis}-${Math.random()}`, iat: now(), exp: now() + 60, ...claims })
    .setProtectedHeader({ alg: s.alg, kid: s.jwk.kid, ...header } as never)
    .sign(s.privateKey);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

for (const dialect of dialects()) {
  describe(`private_key_jwt (${dialect})`, () => {
    let server: TestServer;
    let jwksServer: HttpsServer;
    let issuer: string;
    let tokenEndpoint: string;
    let inline: Signer;
    let remote: Signer;
    let rotated: Signer;
    let stranger: Signer;
    /** what the client's jwks_uri serves */
    let served: JWK[];
    let inlineClient: string;
    let remoteClient: string;
    let secretClient: { client_id: string; client_secret: string };
    /** Client ID Metadata Documents served beside the JWK Set, by path */
    const metadataDocuments = new Map<string, Record<string, unknown>>();

    const post = async (path: string, form: Record<string, string>, headers: Record<string, string> = {}) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, string>) : {} };
    };
    /** A refresh-token request authenticated with `clientAssertion`: valid authentication ends in invalid_grant. */
    const tokenWith = (clientAssertion: string, extra: Record<string, string> = {}) =>
      post('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: 'not-a-refresh-token',
        client_assertion_type: JWT_BEARER,
        client_assertion: clientAssertion,
        ...extra,
      });
    const assertRefused = async (res: { status: number; body: Record<string, string> }, description: RegExp) => {
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.equal(res.body.error, 'invalid_client');
      assert.match(res.body.error_description!, description);
    };

    const configFor = (clientId: string, s: Signer) =>
      oidc.discovery(
        new URL(server.url),
        clientId,
        { token_endpoint_auth_method: 'private_key_jwt' },
        oidc.PrivateKeyJwt({ key: s.privateKey, kid: s.jwk.kid }),
        {
          execute: [oidc.allowInsecureRequests],
        },
      );

    /** Sign-in and consent in a browser-like agent, then the code exchange: tokens for `config`'s client. */
    async function tokensFor(config: oidc.Configuration) {
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid email offline_access',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'st',
      });
      const hop = await authorizeThrough(new UserAgent(), server.url, url.href, { ...USER, consent: 'accept' });
      assert.equal(hop.status, 302, hop.body.slice(0, 300));
      return oidc.authorizationCodeGrant(config, new URL(hop.location!), { pkceCodeVerifier: verifier, expectedState: 'st' });
    }

    const registerClient = async (body: Record<string, unknown>) => {
      const res = await register(server.url, {
        client_name: 'Keyed app',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        ...body,
      });
      assert.equal(res.status, 201, res.text);
      return res.body as Record<string, any>;
    };

    before(async () => {
      [inline, remote, rotated, stranger] = await Promise.all([
        signer('ES256', 'in-1'),
        signer('RS256', 're-1'),
        signer('EdDSA', 're-2'),
        signer('ES256', 'in-1'),
      ]);
      served = [remote.jwk];
      jwksServer = await startHttpsServer((req, res) => {
        const body =
          req.url === '/jwks.json' ? { keys: served } : req.url === '/cimd-jwks.json' ? { keys: [remote.jwk] } : metadataDocuments.get(req.url ?? '');
        if (body) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        else res.writeHead(404).end();
      });
      server = await startServer({
        dialect,
        publicUrlFromPort: true,
        env: { LATCHKEY_FETCH_ALLOW_PRIVATE: 'localhost' },
        outbound: { ca: testCertificate().cert },
      });
      issuer = `${server.url}/`;
      tokenEndpoint = `${server.url}/oauth/token`;
      await configureRegistration(server);
      await skipCallbackConfirmation(server);
      await createUser(server, USER);

      const a = await registerClient({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [inline.jwk] } });
      assert.equal(a.client_secret, undefined, 'no secret for a private_key_jwt client');
      assert.equal(a.token_endpoint_auth_method, 'private_key_jwt');
      inlineClient = a.client_id;
      const b = await registerClient({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: `https://localhost:${jwksServer.port}/jwks.json` });
      remoteClient = b.client_id;
      const c = await registerClient({ token_endpoint_auth_method: 'client_secret_post' });
      secretClient = { client_id: c.client_id, client_secret: c.client_secret };
    });
    after(async () => {
      await server?.close();
      await jwksServer?.close();
    });

    test('discovery lists private_key_jwt and exactly the accepted algorithms', async () => {
      for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
        const doc = (await (await fetch(`${server.url}${path}`)).json()) as Record<string, string[]>;
        assert.ok(doc.token_endpoint_auth_methods_supported!.includes('private_key_jwt'));
        assert.ok(doc.revocation_endpoint_auth_methods_supported!.includes('private_key_jwt'));
        assert.deepEqual(doc.token_endpoint_auth_signing_alg_values_supported, ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519']);
        assert.deepEqual(doc.revocation_endpoint_auth_signing_alg_values_supported, ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519']);
      }
    });

    test('openid-client with PrivateKeyJwt and inline jwks: code exchange, refresh, userinfo, revocation', async () => {
      const config = await configFor(inlineClient, inline);
      const tokens = await tokensFor(config);
      assert.ok(tokens.refresh_token);
      const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
      assert.equal(info.email, USER.email);
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.ok(refreshed.refresh_token);
      await oidc.tokenRevocation(config, refreshed.refresh_token!);
      await assert.rejects(oidc.refreshTokenGrant(config, refreshed.refresh_token!), (err: any) => err.error === 'invalid_grant');
    });

    test('openid-client with PrivateKeyJwt and a jwks_uri; a rotated key is fetched again once', async () => {
      const path = '/jwks.json';
      const config = await configFor(remoteClient, remote);
      const tokens = await tokensFor(config);
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      const fetched = jwksServer.hits.get(path);
      assert.equal(fetched, 1, 'the key set is fetched once and cached');

      // The client rotates: its jwks_uri now serves only a new key, which the cache lacks.
      served = [rotated.jwk];
      const next = await configFor(remoteClient, rotated);
      const again = await oidc.refreshTokenGrant(next, refreshed.refresh_token!);
      assert.ok(again.refresh_token);
      assert.equal(jwksServer.hits.get(path), 2, 'an unknown kid makes one fresh fetch');
      await oidc.tokenRevocation(next, again.refresh_token!);
      assert.equal(jwksServer.hits.get(path), 2);

      // The old key is gone from the set: refused; within the cool-down no further fetch is made.
      await assertRefused(await tokenWith(await assertion(remote, remoteClient, issuer)), /key the client has not registered/);
      assert.equal(jwksServer.hits.get(path), 2);
    });

    test('an assertion is accepted with aud = the issuer, the token endpoint, or an array holding one', async () => {
      for (const aud of [issuer, tokenEndpoint, ['https://elsewhere.example', tokenEndpoint]]) {
        const res = await tokenWith(await assertion(inline, inlineClient, aud));
        assert.equal(res.body.error, 'invalid_grant', `${JSON.stringify(aud)}: ${JSON.stringify(res.body)}`);
      }
      // client_id may be sent too, when it names the assertion's subject (RFC 7521 §4.2).
      const res = await tokenWith(await assertion(inline, inlineClient, issuer), { client_id: inlineClient });
      assert.equal(res.body.error, 'invalid_grant', JSON.stringify(res.body));
    });

    test('a replayed assertion is refused, and client authentication comes before the grant', async () => {
      const once = await assertion(inline, inlineClient, issuer);
      assert.equal((await tokenWith(once)).body.error, 'invalid_grant');
      await assertRefused(await tokenWith(once), /already used/);
      // Nothing about the grant is looked at before the client is authenticated (RFC 6749 §3.2.1).
      await assertRefused(await post('/oauth/token', { client_assertion_type: JWT_BEARER, client_assertion: once }), /already used/);
      await assertRefused(
        await post('/oauth/revoke', { token: 'x', client_assertion_type: JWT_BEARER, client_assertion: await assertion(stranger, inlineClient, issuer) }),
        /signature/,
      );
    });

    test('each bad assertion is 401 invalid_client', async () => {
      const hs256 = await new SignJWT({ iss: inlineClient, sub: inlineClient, aud: issuer, jti: 'hs', exp: now() + 60 })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode('a shared secret that is long enough'));
      const unsigned = `${b64({ alg: 'none' })}.${b64({ iss: inlineClient, sub: inlineClient, aud: issuer, jti: 'none', exp: now() + 60 })}.`;
      const cases: [string, Promise<string> | string, RegExp][] = [
        ['wrong aud', assertion(inline, inlineClient, 'https://other.example/oauth/token'), /aud/],
        ['expired', assertion(inline, inlineClient, issuer, { iat: now() - 600, exp: now() - 120 }), /expired/],
        ['exp too far ahead', assertion(inline, inlineClient, issuer, { exp: now() + 3600 }), /at most 300 seconds/],
        ['no exp', assertion(inline, inlineClient, issuer, { exp: undefined }), /exp/],
        ['no jti', assertion(inline, inlineClient, issuer, { jti: undefined }), /jti/],
        ['iat in the future', assertion(inline, inlineClient, issuer, { iat: now() + 600 }), /iat/],
        ['nbf in the future', assertion(inline, inlineClient, issuer, { nbf: now() + 120 }), /nbf/],
        ['HS256', hs256, /HS256/],
        ['alg none', unsigned, /"none"/],
        ['a key not in the client’s JWKS', assertion(stranger, inlineClient, issuer), /signature/],
        ['another kid', assertion(stranger, inlineClient, issuer, {}, { kid: 'unknown' }), /not registered/],
        ['iss ≠ sub', assertion(inline, inlineClient, issuer, { iss: 'someone-else' }), /iss/],
        ['unknown client', assertion(inline, 'no-such-client', issuer), /Unknown client/],
        ['garbage', 'not.a.jwt', /not a readable JWT/],
      ];
      for (const [name, made, description] of cases) {
        const res = await tokenWith(await made);
        assert.equal(res.status, 401, `${name}: ${JSON.stringify(res.body)}`);
        await assertRefused(res, description);
      }
      await assertRefused(await tokenWith(await assertion(inline, inlineClient, issuer), { client_id: secretClient.client_id }), /does not match/);
      await assertRefused(
        await tokenWith(await assertion(inline, inlineClient, issuer), { client_assertion_type: 'urn:example:other' }),
        /client_assertion_type/,
      );
    });

    test('a private_key_jwt client cannot use a secret, and a secret client cannot use an assertion', async () => {
      const asSecret = await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'x', client_id: inlineClient, client_secret: 'guess' });
      await assertRefused(asSecret, /private_key_jwt/);
      await assertRefused(await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'x', client_id: inlineClient }), /private_key_jwt/);
      const basic = `Basic ${Buffer.from(`${inlineClient}:guess`).toString('base64')}`;
      await assertRefused(await post('/oauth/revoke', { token: 'x' }, { authorization: basic }), /private_key_jwt/);

      // An assertion from a client that registered for a secret, even with the secret alongside.
      await assertRefused(await tokenWith(await assertion(inline, secretClient.client_id, issuer)), /does not authenticate with private_key_jwt/);
      await assertRefused(
        await tokenWith(await assertion(inline, secretClient.client_id, issuer), { client_secret: secretClient.client_secret }),
        /only one client authentication method/,
      );
      // The secret client itself still authenticates with its secret.
      const ok = await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'x', ...secretClient });
      assert.equal(ok.body.error, 'invalid_grant', JSON.stringify(ok.body));
    });

    test('openid-client with PrivateKeyJwt as a Client ID Metadata Document client (jwks and jwks_uri in the document)', async () => {
      const token = await managementToken(server, server.credentials.management);
      const on = await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { client_id_metadata_document_supported: true } });
      assert.equal(on.status, 200, on.text);
      const base = `https://localhost:${jwksServer.port}`;
      const publish = (path: string, keys: Record<string, unknown>) => {
        metadataDocuments.set(path, {
          client_id: `${base}${path}`,
          client_name: 'Keyed metadata app',
          redirect_uris: [REDIRECT],
          grant_types: ['authorization_code', 'refresh_token'],
          token_endpoint_auth_method: 'private_key_jwt',
          ...keys,
        });
        return `${base}${path}`;
      };
      const withJwks = publish('/inline-client.json', { jwks: { keys: [inline.jwk] } });
      const withJwksUri = publish('/remote-client.json', { jwks_uri: `${base}/cimd-jwks.json` });

      for (const [clientId, key] of [
        [withJwks, inline],
        [withJwksUri, remote],
      ] as const) {
        const config = await configFor(clientId, key);
        const tokens = await tokensFor(config);
        assert.equal(tokens.claims()!.aud, clientId, 'the ID token is for the document URL');
        const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
        await oidc.tokenRevocation(config, refreshed.refresh_token!);
        await assert.rejects(oidc.refreshTokenGrant(config, refreshed.refresh_token!), (err: any) => err.error === 'invalid_grant');

        // The same refusals as for a registered client: another key, a replay, a shared secret.
        await assertRefused(await tokenWith(await assertion(stranger, clientId, issuer, {}, { kid: 'unknown' })), /not registered/);
        const once = await assertion(key, clientId, issuer);
        assert.equal((await tokenWith(once)).body.error, 'invalid_grant');
        await assertRefused(await tokenWith(once), /already used/);
        await assertRefused(
          await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'x', client_id: clientId, client_secret: 'guess' }),
          /private_key_jwt/,
        );
      }
    });

    test('a registered key that cannot be imported is invalid_client, not a server error', async () => {
      const broken = await registerClient({
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ kty: 'EC', crv: 'P-256', kid: 'in-1', x: 'AAAA', y: 'AAAA' }] },
      });
      await assertRefused(await tokenWith(await assertion(inline, broken.client_id, issuer)), /not a usable public key/);
    });

    test('a jwks_uri that cannot be fetched is invalid_client with the reason, and a tenant log entry', async () => {
      const blocked = await registerClient({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: `https://127.0.0.1:${jwksServer.port}/jwks.json` });
      await assertRefused(
        await tokenWith(await assertion(remote, blocked.client_id, issuer)),
        /jwks_uri could not be fetched \(the host resolves to 127\.0\.0\.1, a loopback address\)/,
      );
      const logs = await server.latchkey.services.storage
        .forTenant((await server.latchkey.services.storage.tenants.findDefault())!.id)
        .logs.list({ type: 'w', limit: 5 });
      assert.ok(
        logs.some((l) => l.clientId === blocked.client_id && /loopback/.test(l.description)),
        JSON.stringify(logs),
      );
    });

    if (dialect === 'postgres') {
      test('two instances on one PostgreSQL database share the replay store', async () => {
        const sibling = await startServer({
          dialect,
          dataDir: server.dataDir,
          databaseUrl: server.env.DATABASE_URL,
          env: { PUBLIC_URL: server.url, LATCHKEY_MASTER_KEY: server.env.LATCHKEY_MASTER_KEY!, LATCHKEY_FETCH_ALLOW_PRIVATE: 'localhost' },
          outbound: { ca: testCertificate().cert },
        });
        try {
          const once = await assertion(inline, inlineClient, issuer);
          assert.equal((await tokenWith(once)).body.error, 'invalid_grant');
          const replay = await fetch(`${sibling.url}/oauth/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x', client_assertion_type: JWT_BEARER, client_assertion: once }),
          });
          await assertRefused({ status: replay.status, body: (await replay.json()) as Record<string, string> }, /already used/);
        } finally {
          await sibling.stop();
        }
      });
    }
  });
}
