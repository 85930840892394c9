// Strict-Transport-Security (RFC 6797) on every response when the issuer is https: the server
// behind a TLS-terminating proxy, as deployed; none under an http issuer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { startHttpsServer, testCertificate, type HttpsServer } from '../helpers/https-server.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const PATHS: [string, string, number][] = [
  ['GET', '/.well-known/openid-configuration', 200],
  ['GET', '/.well-known/jwks.json', 200],
  ['GET', '/authorize?client_id=nobody', 400],
  ['POST', '/oauth/token', 401],
  ['GET', '/userinfo', 401],
  ['GET', '/api/v2/clients', 401],
  ['GET', '/dashboard/login', 200],
  ['GET', '/no-such-page', 404],
  ['GET', '/healthz', 200],
];

function viaTls(port: number, method: string, path: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', servername: 'localhost', port, method, path, ca: testCertificate().cert, headers: { host: `localhost:${port}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('HSTS under an https issuer', () => {
  let server: TestServer;
  let proxy: HttpsServer;

  before(async () => {
    proxy = await startHttpsServer((req, res) => {
      const upstream = http.request({ host: '127.0.0.1', port: server.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(upstream);
    });
    // PUBLIC_URL is the https origin browsers use; TLS ends at the proxy in front.
    server = await startServer({ env: { PUBLIC_URL: `https://localhost:${proxy.port}` } });
  });
  after(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('every response carries Strict-Transport-Security: max-age=31536000 (no includeSubDomains)', async () => {
    for (const [method, path, status] of PATHS) {
      const res = await viaTls(proxy.port, method, path);
      assert.equal(res.statusCode, status, `${method} ${path}`);
      assert.equal(res.headers['strict-transport-security'], 'max-age=31536000', `${method} ${path}`);
    }
  });
});

describe('no HSTS under an http issuer', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ publicUrlFromPort: true });
  });
  after(() => server?.close());

  it('responses carry no Strict-Transport-Security', async () => {
    for (const [method, path] of PATHS) {
      const res = await fetch(`${server.url}${path}`, { method, redirect: 'manual' });
      assert.equal(res.headers.get('strict-transport-security'), null, `${method} ${path}`);
    }
  });
});
