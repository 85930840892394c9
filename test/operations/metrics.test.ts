// Prometheus metrics on their own listener (METRICS_PORT): the exposition parses as Prometheus
// reads it, the counters move after the actions they count, route labels are patterns (never
// a raw URL or a client id), and the main port does not serve /metrics. On every dialect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import parsePrometheusTextFormat, { type Family } from 'parse-prometheus-text-format';
import { dialects, startServer, type TestServer } from '../helpers/server.ts';
import { managementToken, request } from '../management/helpers.ts';

for (const dialect of dialects()) {
  describe(`/metrics (${dialect})`, () => {
    let server: TestServer;
    let metricsUrl: string;

    const scrape = async (): Promise<Map<string, Family>> => {
      const res = await fetch(metricsUrl);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      return new Map(parsePrometheusTextFormat(await res.text()).map((f) => [f.name, f]));
    };
    const value = (families: Map<string, Family>, name: string, labels: Record<string, string>): number => {
      const sample = families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
      return sample ? Number(sample.value ?? sample.count) : 0;
    };

    before(async () => {
      server = await startServer({ dialect, env: { METRICS_PORT: '0' } });
      const address = server.latchkey.metricsAddress;
      assert.ok(address);
      assert.notEqual(address.port, server.port);
      metricsUrl = `http://${address.host}:${address.port}/metrics`;
    });
    after(() => server?.close());

    test('the registration counter moves after a registration, accepted or refused with its error code', async () => {
      const token = await managementToken(server, server.credentials.management);
      await request(server, 'PATCH', '/api/v2/tenants/settings', { token, body: { flags: { enable_dynamic_client_registration: true } } });
      const before = await scrape();
      const accepted = await request(server, 'POST', '/oidc/register', { body: { client_name: 'Counted', redirect_uris: ['https://counted.example.com/cb'] } });
      assert.equal(accepted.status, 201);
      const refused = await request(server, 'POST', '/oidc/register', { body: { redirect_uris: ['http://insecure.example.com/cb'] } });
      assert.equal(refused.json.error, 'invalid_redirect_uri');
      const now = await scrape();
      assert.equal(now.get('latchkey_registrations_total')?.type, 'COUNTER');
      assert.equal(
        value(now, 'latchkey_registrations_total', { outcome: 'accepted' }),
        value(before, 'latchkey_registrations_total', { outcome: 'accepted' }) + 1,
      );
      assert.equal(value(now, 'latchkey_registrations_total', { outcome: 'invalid_redirect_uri' }), 1);
      // The exposition never names a client.
      const text = await (await fetch(metricsUrl)).text();
      assert.ok(!text.includes(accepted.json.client_id));
      assert.ok(!text.includes(server.credentials.management.client_id));
    });

    test('request durations by method, route pattern and status; tokens and logins by kind', async () => {
      await managementToken(server, server.credentials.management);
      // The second exchange reads the client from the cache of hot rows.
      const token = await managementToken(server, server.credentials.management);
      assert.equal((await request(server, 'GET', '/api/v2/clients/no-such-client', { token })).status, 404);
      assert.equal((await request(server, 'GET', '/no/such/path')).status, 404);
      const bad = await request(server, 'POST', '/oauth/token', { body: { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' } });
      assert.equal(bad.status, 401);
      const families = await scrape();
      assert.equal(families.get('latchkey_http_request_duration_seconds')?.type, 'HISTOGRAM');
      // The parser folds a histogram's labelled series into one (it keeps only unlabelled
      // histograms whole), so the labels are read from the _count lines of the text itself.
      const text = await (await fetch(metricsUrl)).text();
      const counts = [...text.matchAll(/^latchkey_http_request_duration_seconds_count\{([^}]*)\} (\d+)$/gm)].map((m) => ({
        labels: Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]])),
        count: Number(m[2]),
      }));
      const routes = new Set(counts.map((c) => c.labels.route));
      assert.ok(routes.has('/api/v2/clients/:id'), [...routes].join());
      assert.ok(routes.has('/oauth/token'));
      assert.ok(routes.has('unmatched'));
      assert.ok(![...routes].some((r) => r!.includes('no-such-client') || r!.includes('/no/such')), [...routes].join());
      assert.ok(counts.some((c) => c.labels.method === 'GET' && c.labels.route === '/api/v2/clients/:id' && c.labels.status === '404' && c.count >= 1));
      assert.ok(counts.every((c) => Object.keys(c.labels).sort().join() === 'method,route,status'));
      assert.ok(value(families, 'latchkey_tokens_issued_total', { grant_type: 'client_credentials' }) >= 2);
      for (const name of [
        'latchkey_logins_total',
        'latchkey_rate_limit_refusals_total',
        'latchkey_store_batch_size',
        'latchkey_cache_hit_ratio',
        'latchkey_store_pool_in_use',
        'latchkey_store_pool_waiting',
        'latchkey_store_pool_errors',
        'nodejs_eventloop_lag_seconds',
        'process_cpu_seconds_total',
      ])
        assert.ok(families.has(name), name);
      assert.ok(value(families, 'latchkey_cache_requests', { cache: 'store', result: 'hit' }) >= 1, 'the Management client is read through the cache');
      assert.ok(value(families, 'latchkey_cache_requests', { cache: 'tenants', result: 'hit' }) >= 1, 'the tenant is found by Host in memory');
      const ratio = value(families, 'latchkey_cache_hit_ratio', { cache: 'tenants' });
      assert.ok(ratio > 0 && ratio <= 1, String(ratio));
      if (dialect === 'postgres') assert.ok(families.get('latchkey_store_pool_in_use')!.metrics.length === 1);
    });

    test('only on the metrics listener: the main port answers 404, the listener serves nothing else', async () => {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 404);
      assert.equal((await fetch(metricsUrl.replace('/metrics', '/'))).status, 404);
      assert.equal((await fetch(metricsUrl, { method: 'POST' })).status, 405);
    });
  });
}

describe('METRICS_PORT unset', () => {
  test('no metrics listener', async () => {
    const server = await startServer();
    try {
      assert.equal(server.latchkey.metricsAddress, null);
    } finally {
      await server.close();
    }
  });
});
