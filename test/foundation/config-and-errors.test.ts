import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { request } from '../helpers/http.ts';

const run = promisify(execFile);

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.host, '127.0.0.1');
    assert.ok(c.dataDir.endsWith('/data'));
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.publicUrl, 'http://localhost:3000');
    assert.equal(c.logLevel, 'info');
    assert.equal(c.trustProxy, false);
    assert.equal(c.rateLimits, true);
    assert.equal(c.logRetentionDays, 30);
    assert.equal(loadConfig({ LOG_RETENTION_DAYS: '7' }).logRetentionDays, 7);
    assert.equal(loadConfig({ PORT: '4000' }).publicUrl, 'http://localhost:4000');
    assert.equal(c.workers, 1);
    assert.equal(loadConfig({ WORKERS: '4' }).workers, 4);
    assert.equal(loadConfig({ WORKERS: 'auto' }).workers, Math.min(64, os.availableParallelism()));
  });

  const bad: Array<[Record<string, string>, string]> = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://x.example/path' }, 'PUBLIC_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://u@h/db' }, 'LATCHKEY_MASTER_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ LATCHKEY_RATE_LIMITS: 'sometimes' }, 'LATCHKEY_RATE_LIMITS'],
    [{ LOG_RETENTION_DAYS: '0' }, 'LOG_RETENTION_DAYS'],
    [{ LOG_RETENTION_DAYS: '1.5' }, 'LOG_RETENTION_DAYS'],
    [{ LOG_RETENTION_DAYS: '4000' }, 'LOG_RETENTION_DAYS'],
    [{ WORKERS: '0' }, 'WORKERS'],
    [{ WORKERS: '65' }, 'WORKERS'],
    [{ WORKERS: '2.5' }, 'WORKERS'],
    [{ WORKERS: 'all' }, 'WORKERS'],
  ];
  for (const [env, variable] of bad) {
    it(`refuses ${JSON.stringify(env)} naming ${variable}`, () => {
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigError && e.variable === variable,
      );
    });
  }

  it('stops `latchkey serve` with one clear line and no stack trace', async () => {
    for (const [env, variable] of [
      [{ PORT: 'abc' }, 'PORT'],
      [{ LATCHKEY_MASTER_KEY: 'short' }, 'LATCHKEY_MASTER_KEY'],
    ] as const) {
      const err = await run(process.execPath, ['bin/latchkey.js', 'serve'], { env: { ...process.env, DATABASE_URL: '', DATA_DIR: tempDir(), ...env } }).then(
        () => assert.fail('should exit non-zero'),
        (e) => e,
      );
      assert.equal(err.code, 2);
      const lines = err.stderr.trim().split('\n');
      assert.equal(lines.length, 1, err.stderr);
      assert.match(lines[0], new RegExp(`^latchkey: configuration error: ${variable}: `));
      assert.doesNotMatch(err.stderr, /\s at /);
    }
  });
});

describe('HTTP errors and limits', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('answers unknown routes with a JSON 404 in the family of the route', async () => {
    const oauth = await request(`${server.url}/nope`);
    assert.equal(oauth.status, 404);
    assert.match(oauth.headers['content-type']!, /application\/json/);
    assert.equal(oauth.json().error, 'not_found');
    const mgmt = await request(`${server.url}/api/v2/nope`);
    assert.equal(mgmt.status, 404);
    assert.deepEqual(mgmt.json(), { statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'not_found' });
  });

  it('answers malformed JSON with 400 in the family of the route', async () => {
    const oauth = await request(`${server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' });
    assert.equal(oauth.status, 400);
    assert.deepEqual(oauth.json(), { error: 'invalid_request', error_description: 'Request body is not valid JSON.' });
    const mgmt = await request(`${server.url}/api/v2/clients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    assert.ok([400, 401, 404].includes(mgmt.status));
    assert.equal(typeof mgmt.json().statusCode, 'number');
  });

  it('answers an oversized body with 413 and no stack trace', async () => {
    const big = JSON.stringify({ grant_type: 'client_credentials', pad: 'x'.repeat(70 * 1024) });
    const res = await request(`${server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    assert.equal(res.status, 413);
    assert.equal(res.json().error, 'invalid_request');
    assert.doesNotMatch(res.text, /at .*\.ts/);
  });

  it('refuses prototype-pollution keys in JSON bodies', async () => {
    const res = await request(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__":{"admin":true}}',
    });
    assert.equal(res.status, 400);
    assert.equal(({} as any).admin, undefined);
  });

  it('answers the token endpoint errors of RFC 6749 §5.2', async () => {
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      request(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(body).toString(),
      });
    const { management } = server.credentials;
    const client = { client_id: management.client_id, client_secret: management.client_secret };
    // The client is authenticated before the grant is read (RFC 6749 §3.2.1).
    let res = await post({ client_id: 'x' });
    assert.deepEqual([res.status, res.json().error], [401, 'invalid_client']);
    res = await post(client);
    assert.deepEqual([res.status, res.json().error], [400, 'invalid_request']);
    res = await post({ grant_type: 'password', ...client });
    assert.deepEqual([res.status, res.json().error], [400, 'unsupported_grant_type']);
    res = await post({ grant_type: 'client_credentials', client_id: management.client_id, client_secret: 'wrong', audience: management.audience });
    assert.deepEqual([res.status, res.json().error], [401, 'invalid_client']);
    res = await post(
      { grant_type: 'client_credentials', audience: management.audience },
      { authorization: `Basic ${Buffer.from(`${management.client_id}:wrong`).toString('base64')}` },
    );
    assert.deepEqual([res.status, res.json().error, res.headers['www-authenticate']], [401, 'invalid_client', 'Basic realm="latchkey"']);
    res = await post({
      grant_type: 'client_credentials',
      client_id: management.client_id,
      client_secret: management.client_secret,
      audience: 'https://unknown.example/',
    });
    assert.deepEqual(
      [res.status, res.json()],
      [403, { error: 'access_denied', error_description: 'Service not enabled within domain: https://unknown.example/' }],
    );
    res = await post({
      grant_type: 'client_credentials',
      client_id: management.client_id,
      client_secret: management.client_secret,
      audience: management.audience,
      scope: 'read:clients',
    });
    assert.deepEqual([res.status, res.json().scope], [200, 'read:clients']);
    res = await post({
      grant_type: 'client_credentials',
      client_id: management.client_id,
      client_secret: management.client_secret,
      audience: management.audience,
      scope: 'fly:planes',
    });
    assert.deepEqual([res.status, res.json().error], [403, 'access_denied']);
  });

  it('reports health and readiness', async () => {
    assert.deepEqual((await request(`${server.url}/healthz`)).json(), { status: 'ok' });
    assert.deepEqual((await request(`${server.url}/readyz`)).json(), { status: 'ready' });
  });
});
