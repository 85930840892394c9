// Signing-key rotation as a client that caches the JWKS sees it, across two instances on one
// store: the next key is published before it signs, so tokens signed after a rotation verify
// with the JWKS fetched before it; tokens signed before it verify until their key is revoked.
// Clients: jose's remote JWK Set and express-oauth2-jwt-bearer, both fetching the JWKS from the
// other instance through a proxy that counts the fetches.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request } from '../management/helpers.ts';
import { eventually, sibling } from './support.ts';

interface Jwks {
  keys: { kid: string }[];
}

/** Forwards every request to `target` (keeping the tenant's Host) and counts JWKS fetches. */
async function countingProxy(target: () => TestServer, host: string) {
  let jwksFetches = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') jwksFetches++;
    const upstream = http.request({ host: '127.0.0.1', port: target().port, method: req.method, path: req.url, headers: { ...req.headers, host } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fetches: () => jwksFetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An API guarded by express-oauth2-jwt-bearer, with its own JWKS cache. */
async function guardedApi(issuer: string, audience: string, jwksUri: string) {
  const app = express();
  app.get('/me', auth({ issuer, audience, jwksUri, tokenSigningAlg: 'RS256' }), (req: any, res: any) => res.json({ sub: req.auth.payload.sub }));
  app.use((err: any, _req: unknown, res: any, _next: unknown) => res.status(err.status ?? 500).json({ error: err.code ?? 'server_error' }));
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    status: async (token: string) => (await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } })).status,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

for (const dialect of dialects()) {
  describe(`signing-key rotation across two instances (${dialect})`, () => {
    let a: TestServer;
    let b: TestServer;
    let host: string;
    let issuer: string;
    let audience: string;
    let proxy: Awaited<ReturnType<typeof countingProxy>>;
    let api: Awaited<ReturnType<typeof guardedApi>>;
    const closers: (() => Promise<void>)[] = [];

    before(async () => {
      a = await startServer({ dialect, publicUrlFromPort: true });
      b = await sibling(a, dialect, a.url);
      host = `127.0.0.1:${a.port}`;
      issuer = `${a.url}/`;
      audience = a.credentials.management.audience;
      proxy = await countingProxy(() => b, host);
      api = await guardedApi(issuer, audience, `${proxy.url}/.well-known/jwks.json`);
    });
    after(async () => {
      for (const close of closers) await close();
      await api?.close();
      await proxy?.close();
      await b?.stop();
      await a?.close();
    });

    const tokenFrom = (server: TestServer) => managementToken(server, a.credentials.management, { host });
    const kidOf = (token: string) => decodeProtectedHeader(token).kid!;
    const jwksOf = async (server: TestServer) => (await request(server, 'GET', '/.well-known/jwks.json', { host })).json as Jwks;
    const keysOf = async (server: TestServer, token: string) => (await request(server, 'GET', '/api/v2/keys/signing', { host, token })).json as any[];
    /** A token from `server` once it signs with `kid` (it learns of a rotation made elsewhere within milliseconds). */
    const tokenSignedWith = (server: TestServer, kid: string) =>
      eventually(
        () => tokenFrom(server),
        (t) => kidOf(t) === kid,
        `${server.url} signs with ${kid}`,
      );

    it('a client that cached the JWKS before a rotation verifies tokens signed after it without fetching again, and older tokens until their key is revoked', async () => {
      const before = await tokenFrom(a);
      const jwks = await jwksOf(b);
      const keys = await keysOf(b, before);
      const current = keys.find((k) => k.current)!;
      const next = keys.find((k) => k.next)!;
      assert.equal(kidOf(before), current.kid);
      // The next key is published before it signs anything.
      assert.deepEqual(
        jwks.keys.map((k) => k.kid),
        [current.kid, next.kid],
      );

      const remote = createRemoteJWKSet(new URL(`${proxy.url}/.well-known/jwks.json`));
      await jwtVerify(before, remote, { issuer, audience });
      assert.equal(await api.status(before), 200);
      assert.equal(proxy.fetches(), 2, 'each client fetched the JWKS once');

      // Rotated on instance B; instance A signs with the former next key.
      const rotated = await request(b, 'POST', '/api/v2/keys/signing/rotate', { host, token: before });
      assert.equal(rotated.status, 201);
      assert.equal(rotated.json.kid, next.kid);
      assert.match(rotated.json.cert, /^-----BEGIN CERTIFICATE-----\r\n/);
      const afterRotation = await tokenSignedWith(a, next.kid);

      const { payload } = await jwtVerify(afterRotation, remote, { issuer, audience });
      assert.equal(payload.aud, audience);
      assert.equal(await api.status(afterRotation), 200);
      assert.equal(await api.status(before), 200);
      await jwtVerify(before, remote, { issuer, audience });
      assert.equal(proxy.fetches(), 2, 'no client fetched the JWKS again');

      // The replaced key is previous and still published (after the current and the new next key).
      const listed = await keysOf(a, afterRotation);
      const previous = listed.find((k) => k.kid === current.kid)!;
      assert.equal(previous.previous, true);
      assert.equal(previous.current, false);
      assert.ok(previous.current_until);
      const newNext = listed.find((k) => k.next)!;
      assert.notEqual(newNext.kid, next.kid);
      assert.deepEqual(
        (await jwksOf(b)).keys.map((k) => k.kid),
        [next.kid, newNext.kid, current.kid],
      );
      // Our own endpoints still accept the older token.
      assert.equal((await request(b, 'GET', '/api/v2/keys/signing', { host, token: before })).status, 200);

      // Revoked on instance A: instance B stops publishing it and stops accepting its tokens.
      const revoked = await request(a, 'PUT', `/api/v2/keys/signing/${current.kid}/revoke`, { host, token: afterRotation });
      assert.equal(revoked.status, 200);
      assert.deepEqual(Object.keys(revoked.json).sort(), ['cert', 'kid']);
      const published = await eventually(
        () => jwksOf(b),
        (j) => !j.keys.some((k) => k.kid === current.kid),
        'B unpublishes the revoked key',
      );
      assert.deepEqual(
        published.keys.map((k) => k.kid),
        [next.kid, newNext.kid],
      );
      assert.equal((await request(b, 'GET', '/api/v2/keys/signing', { host, token: before })).status, 401);
      assert.equal((await request(a, 'GET', '/api/v2/keys/signing', { host, token: before })).status, 401);
      assert.equal((await request(b, 'GET', '/api/v2/keys/signing', { host, token: afterRotation })).status, 200);

      // Clients that fetch the JWKS now refuse the older token and accept the newer one.
      const fresh = createRemoteJWKSet(new URL(`${proxy.url}/.well-known/jwks.json`));
      await assert.rejects(jwtVerify(before, fresh, { issuer, audience }), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
      await jwtVerify(afterRotation, fresh, { issuer, audience });
      const freshApi = await guardedApi(issuer, audience, `${proxy.url}/.well-known/jwks.json`);
      closers.push(freshApi.close);
      assert.equal(await freshApi.status(before), 401);
      assert.equal(await freshApi.status(afterRotation), 200);

      const shown = (await request(b, 'GET', `/api/v2/keys/signing/${current.kid}`, { host, token: afterRotation })).json;
      assert.equal(shown.revoked, true);
      assert.equal(shown.previous, false);
      assert.ok(shown.revoked_at);
    });

    it('two rotations at once on two instances: each happens once, leaving one current key and one next key', async () => {
      const token = await tokenFrom(a);
      const [first, second] = await Promise.all([
        request(a, 'POST', '/api/v2/keys/signing/rotate', { host, token }),
        request(b, 'POST', '/api/v2/keys/signing/rotate', { host, token }),
      ]);
      assert.equal(first.status, 201, first.text);
      assert.equal(second.status, 201, second.text);
      assert.notEqual(first.json.kid, second.json.kid);
      const keys = await keysOf(a, token);
      assert.equal(keys.filter((k) => k.current).length, 1);
      assert.equal(keys.filter((k) => k.next).length, 1);
      const current = keys.find((k) => k.current)!;
      assert.ok([first.json.kid, second.json.kid].includes(current.kid));
      // The first token's key was current before both rotations: it is a previous key now, still verifying.
      assert.equal(keys.find((k) => k.kid === kidOf(token))!.previous, true);
      await tokenSignedWith(b, current.kid);
    });
  });
}
