// The guarded outbound fetcher against a real HTTPS server on loopback: what it fetches, what it
// refuses (and the one-line reason), and its per-tenant cache.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OutboundFetcher, OutboundRefusal, type Resolve } from '../../src/outbound/fetcher.ts';
import { maxAgeMs } from '../../src/outbound/cache.ts';
import { reservedRange } from '../../src/outbound/address-ranges.ts';
import { startHttpsServer, testCertificate, type HttpsServer } from '../helpers/https-server.ts';

const JWKS = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] };
const T = { tenantId: 'tenant-1', maxBytes: 64 * 1024 };

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof OutboundRefusal, String(err));
    assert.doesNotMatch(err.reason, /\n/);
    return err.reason;
  }
  assert.fail('the fetch was not refused');
}

describe('outbound fetcher', () => {
  let server: HttpsServer;
  let base: string;
  const trusted = (extra: Partial<ConstructorParameters<typeof OutboundFetcher>[0]> = {}) =>
    new OutboundFetcher({ allowPrivateHosts: ['localhost'], ca: testCertificate().cert, ...extra });

  before(async () => {
    server = await startHttpsServer((req, res) => {
      const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': type, ...headers }).end(body);
      switch (req.url) {
        case '/jwks':
          return send(200, 'application/json', JSON.stringify(JWKS), { 'cache-control': 'public, max-age=60' });
        case '/jwk-set':
          return send(200, 'application/jwk-set+json; charset=utf-8', JSON.stringify(JWKS));
        case '/redirect':
          return send(302, 'text/plain', '', { location: '/jwks' });
        case '/html':
          return send(200, 'text/html', '<p>hi</p>');
        case '/big':
          return send(200, 'application/json', JSON.stringify({ pad: 'x'.repeat(70 * 1024) }));
        case '/big-chunked':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write(`{"pad":"${'x'.repeat(40 * 1024)}`);
          return res.end(`${'x'.repeat(40 * 1024)}"}`);
        case '/slow':
          return; // never answers
        case '/not-json':
          return send(200, 'application/json', '{not json');
        default:
          return send(404, 'application/json', '{}');
      }
    });
    base = `https://localhost:${server.port}`;
  });
  after(() => server.close());

  it('fetches JSON over https from an allowed host', async () => {
    const fetched = await trusted().fetchJson(`${base}/jwks`, T);
    assert.deepEqual(fetched.json, JWKS);
  });

  it('accepts the extra content types a call names (application/jwk-set+json)', async () => {
    assert.match(await refusal(trusted().fetchJson(`${base}/jwk-set`, T)), /content type application\/jwk-set\+json is not application\/json/);
    const fetched = await trusted().fetchJson(`${base}/jwk-set`, { ...T, contentTypes: ['application/jwk-set+json'] });
    assert.deepEqual(fetched.json, JWKS);
  });

  it('refuses http URLs', async () => {
    assert.match(await refusal(trusted().fetchJson(`http://localhost:${server.port}/jwks`, T)), /only https/);
  });

  it('refuses hosts that resolve to non-public addresses unless LATCHKEY_FETCH_ALLOW_PRIVATE names them', async () => {
    const strict = new OutboundFetcher({ ca: testCertificate().cert });
    assert.match(await refusal(strict.fetchJson(`${base}/jwks`, T)), /^the host resolves to (127\.0\.0\.1|::1), a loopback address$/);
    const cases: [string, RegExp][] = [
      ['https://127.0.0.1/', /127\.0\.0\.1, a loopback address/],
      ['https://10.1.2.3/', /10\.1\.2\.3, a private \(RFC 1918\) address/],
      ['https://169.254.169.254/latest/meta-data', /169\.254\.169\.254, a link-local address/],
      ['https://100.64.0.1/', /CGNAT/],
      ['https://[::1]/', /::1, a loopback address/],
      ['https://[::ffff:127.0.0.1]/', /::ffff:7f00:1, a loopback, IPv4-mapped address/],
      ['https://[fd00::1]/', /unique local/],
      ['https://[fe80::1]/', /link-local/],
      ['https://0.0.0.0/', /unspecified/],
      ['https://224.0.0.1/', /multicast/],
    ];
    for (const [url, reason] of cases) assert.match(await refusal(strict.fetchJson(url, T)), reason, url);
  });

  it('checks the addresses a name resolves to, and connects to the one it checked (one lookup)', async () => {
    let lookups = 0;
    const resolve: Resolve = async (host) => {
      lookups++;
      if (host === 'metadata.example') return [{ address: '169.254.169.254', family: 4 }];
      if (host === 'mixed.example')
        return [
          { address: '93.184.215.14', family: 4 },
          { address: '10.0.0.7', family: 4 },
        ];
      if (host === 'jwks.test') return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    };
    const strict = new OutboundFetcher({ resolve, ca: testCertificate().cert });
    assert.match(await refusal(strict.fetchJson('https://metadata.example/', T)), /169\.254\.169\.254, a link-local address/);
    assert.match(await refusal(strict.fetchJson('https://mixed.example/', T)), /10\.0\.0\.7, a private/);
    assert.match(await refusal(strict.fetchJson('https://nowhere.example/', T)), /does not resolve \(ENOTFOUND\)/);
    // jwks.test exists only in this resolver: the connection can only have used the address it returned.
    lookups = 0;
    const allowed = new OutboundFetcher({ resolve, ca: testCertificate().cert, allowPrivateHosts: ['jwks.test'] });
    const fetched = await allowed.fetchJson(`https://jwks.test:${server.port}/jwks`, T);
    assert.deepEqual(fetched.json, JWKS);
    assert.equal(lookups, 1);
  });

  it('does not follow redirects', async () => {
    assert.match(await refusal(trusted().fetchJson(`${base}/redirect`, T)), /redirects are not followed \(302\)/);
  });

  it('refuses other statuses, other content types and bodies that are not JSON', async () => {
    assert.match(await refusal(trusted().fetchJson(`${base}/missing`, T)), /answered 404/);
    assert.match(await refusal(trusted().fetchJson(`${base}/html`, T)), /content type text\/html is not application\/json/);
    assert.match(await refusal(trusted().fetchJson(`${base}/not-json`, T)), /not valid JSON/);
  });

  it('refuses a body over the cap, declared or streamed', async () => {
    assert.match(await refusal(trusted().fetchJson(`${base}/big`, T)), /over the 65536-byte limit/);
    assert.match(await refusal(trusted().fetchJson(`${base}/big-chunked`, T)), /over the 65536-byte limit/);
  });

  it('gives up on a server that does not answer in time', async () => {
    assert.match(await refusal(trusted({ timeoutMs: 300 }).fetchJson(`${base}/slow`, T)), /no complete answer within the time limit/);
  });

  it('refuses a certificate it does not trust', async () => {
    const untrusting = new OutboundFetcher({ allowPrivateHosts: ['localhost'] });
    assert.match(await refusal(untrusting.fetchJson(`${base}/jwks`, T)), /the request failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/);
  });

  it('caches an answer per tenant for its lifetime; a forced refresh runs once per 30 s', async () => {
    const fetcher = trusted();
    const before = server.hits.get('/jwks') ?? 0;
    await fetcher.fetchJson(`${base}/jwks`, T);
    await Promise.all([fetcher.fetchJson(`${base}/jwks`, T), fetcher.fetchJson(`${base}/jwks`, T)]);
    assert.equal(server.hits.get('/jwks'), before + 1);
    await fetcher.fetchJson(`${base}/jwks`, { ...T, refresh: true });
    assert.equal(server.hits.get('/jwks'), before + 2);
    await fetcher.fetchJson(`${base}/jwks`, { ...T, refresh: true });
    assert.equal(server.hits.get('/jwks'), before + 2, 'a second refresh within the cooldown is served from the cache');
    await fetcher.fetchJson(`${base}/jwks`, { ...T, tenantId: 'tenant-2' });
    assert.equal(server.hits.get('/jwks'), before + 3);
  });

  it('keeps answers for their max-age, clamped to [5 minutes, 24 hours]', () => {
    assert.equal(maxAgeMs(undefined), 5 * 60_000);
    assert.equal(maxAgeMs('no-store'), 5 * 60_000);
    assert.equal(maxAgeMs('public, max-age=60'), 5 * 60_000);
    assert.equal(maxAgeMs('max-age=3600'), 3600_000);
    assert.equal(maxAgeMs('max-age=99999999'), 24 * 3600_000);
    assert.equal(maxAgeMs('s-maxage=3600'), 5 * 60_000);
  });

  it('classifies public addresses as public', () => {
    for (const address of ['8.8.8.8', '93.184.215.14', '2606:4700:4700::1111', '::ffff:8.8.8.8']) assert.equal(reservedRange(address), null, address);
    for (const address of ['172.31.255.255', '192.168.1.1', '198.18.0.1', '255.255.255.255', '2001:db8::1', '64:ff9b::7f00:1', 'ff02::1']) {
      assert.notEqual(reservedRange(address), null, address);
    }
  });
});
