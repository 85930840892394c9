// WORKERS=2: `latchkey serve` runs two server processes on one port (node:cluster). The primary
// prepares the store once (the first-start credentials are printed once), both workers answer,
// one runs the clean-up, a change made through one is seen by the other at once (cached
// clients), a worker killed with SIGKILL is replaced while the other keeps
// answering, a rate limit holds across workers, /metrics sums the workers' counters, and
// SIGTERM drains both and exits 0. The
// workers are told apart by the pid on their log lines. On both dialects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { dialects, freePort, initialCredentials, processStore, tempDir } from '../helpers/server.ts';
import { startProcess, type ServerProcess } from '../helpers/process.ts';
import { managementToken, request, type Reply } from '../management/helpers.ts';
import { cliOk, stop } from './support.ts';

interface LogLine {
  pid: number;
  time: number;
  msg: string;
  worker?: number;
  worker_pid?: number;
  req?: { method: string; url: string };
  [key: string]: unknown;
}

function logLines(p: ServerProcess): LogLine[] {
  return p
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** Waits (polling the output, at most a minute) until `found` returns a value. */
async function waitFor<T>(p: ServerProcess, what: string, found: (lines: LogLine[]) => T | undefined): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = found(logLines(p));
    if (value !== undefined) return value;
    if (p.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never saw ${what}:\n${p.output()}`);
}

const listening = (lines: LogLine[]) => lines.filter((l) => l.msg.startsWith('Server listening')).map((l) => l.pid);
const started = (lines: LogLine[]) => lines.filter((l) => l.msg === 'worker started').map((l) => l.worker_pid!);

/** Pids whose log says they received `method url`. */
const servedBy = (lines: LogLine[], method: string, url: string) =>
  new Set(lines.filter((l) => l.msg === 'incoming request' && l.req?.method === method && l.req.url === url).map((l) => l.pid));

/** One request on a connection of its own, so that the cluster hands each to the next worker. */
const alone = (port: number, method: string, path: string, body?: unknown, token?: string): Promise<Reply> =>
  request({ port }, method, path, { body, token, headers: { connection: 'close' } });

describe('several workers on one port', () => {
  for (const dialect of dialects()) {
    it(`two workers share the port, survive a SIGKILL, share rate limits and drain on SIGTERM (${dialect})`, async () => {
      const dataDir = tempDir();
      const port = await freePort();
      const metricsPort = await freePort();
      const env: Record<string, string> = { DATA_DIR: dataDir, PORT: String(port), WORKERS: '2', LOG_LEVEL: 'info', METRICS_PORT: String(metricsPort) };
      const drop = await processStore(dialect, env);
      let server: ServerProcess | undefined;
      try {
        server = await startProcess(env);
        const p = server;
        const workers = await waitFor(p, 'two workers listening', (lines) => (listening(lines).length === 2 ? started(lines) : undefined));
        assert.deepEqual(new Set(listening(logLines(p))), new Set(workers));
        assert.ok(!workers.includes(p.child.pid!), 'the primary serves nothing itself');

        // The primary created the default tenant once: one banner, one tenant, one credentials file.
        assert.equal(p.output().split('Latchkey created the default tenant').length - 1, 1, p.output());
        const creds = initialCredentials(dataDir).management;
        const tenants = await cliOk(
          { DATA_DIR: dataDir, DATABASE_URL: env.DATABASE_URL ?? '', LATCHKEY_MASTER_KEY: env.LATCHKEY_MASTER_KEY ?? '' },
          'tenant',
          'list',
        );
        assert.equal(
          tenants
            .trim()
            .split('\n')
            .filter((l) => /\bdefault\b/.test(l)).length,
          1,
          tenants,
        );

        // Exactly one worker runs the periodic clean-up.
        const sweepers = await waitFor(p, 'the clean-up handed to a worker', (lines) => {
          const pids = lines.filter((l) => l.msg === 'this process runs the periodic clean-up').map((l) => l.pid);
          return pids.length ? pids : undefined;
        });
        assert.equal(sweepers.length, 1);

        // Requests on connections of their own land on both workers.
        for (let i = 0; i < 6; i++) assert.equal((await alone(port, 'GET', '/.well-known/openid-configuration')).status, 200);
        assert.deepEqual(servedBy(logLines(p), 'GET', '/.well-known/openid-configuration'), new Set(workers));

        // A per-address limit of 3 registrations holds across workers: the fourth is refused,
        // although both workers took some of the first three.
        const token = await managementToken({ port }, creds);
        const patched = await alone(
          port,
          'PATCH',
          '/api/v2/tenants/settings',
          {
            flags: { enable_dynamic_client_registration: true },
            registration_rate_limits: { per_ip_burst: 3, per_ip_per_second: 0.0001, per_tenant_burst: 1000, per_tenant_per_second: 1000 },
          },
          token,
        );
        assert.equal(patched.status, 200, patched.text);
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) {
          statuses.push((await alone(port, 'POST', '/oidc/register', { client_name: `Worker App ${i}`, redirect_uris: ['https://w.example/cb'] })).status);
        }
        assert.deepEqual(statuses, [201, 201, 201, 429]);
        assert.deepEqual(servedBy(logLines(p), 'POST', '/oidc/register'), new Set(workers));

        // max_clients holds across workers and concurrent registrations: with 3 clients stored
        // and a cap of 6, of 6 registrations sent at once exactly 3 are accepted.
        const capped = await alone(
          port,
          'PATCH',
          '/api/v2/tenants/settings',
          { registration_rate_limits: { per_ip_burst: 1000, per_ip_per_second: 1000 }, registration_policy: { max_clients: 6 } },
          token,
        );
        assert.equal(capped.status, 200, capped.text);
        const burst = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            alone(port, 'POST', '/oidc/register', { client_name: `Capped App ${i}`, redirect_uris: ['https://w.example/cb'] }),
          ),
        );
        assert.deepEqual(burst.map((r) => r.status).sort(), [201, 201, 201, 400, 400, 400]);
        for (const r of burst.filter((b) => b.status === 400)) assert.match(r.json.error_description, /registration_policy\.max_clients/);

        // METRICS_PORT is served by the primary with the sum of both workers' metrics: every
        // accepted registration is counted, whichever worker took it.
        const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
        assert.equal(scraped.status, 200);
        const exposition = await scraped.text();
        assert.match(exposition, /^latchkey_registrations_total\{outcome="accepted"\} 6$/m, exposition);

        // A change made through one worker holds on the other at once: once the management
        // client's secret is rotated, each worker (both have the client cached by now) refuses the
        // old secret and takes the new one.
        const tokenWith = (c: typeof creds) => alone(port, 'POST', '/oauth/token', { grant_type: 'client_credentials', ...c });
        for (let i = 0; i < 4; i++) assert.equal((await tokenWith(creds)).status, 200);
        assert.deepEqual(servedBy(logLines(p), 'POST', '/oauth/token'), new Set(workers));
        const rotated = await alone(port, 'POST', `/api/v2/clients/${creds.client_id}/rotate-secret`, undefined, token);
        assert.equal(rotated.status, 200, rotated.text);
        const renewed = { ...creds, client_secret: rotated.json.client_secret as string };
        for (let i = 0; i < 4; i++) {
          assert.equal((await tokenWith(creds)).status, 401);
          assert.equal((await tokenWith(renewed)).status, 200);
        }

        // SIGKILL the worker that runs the clean-up: the primary notices, the other worker keeps
        // answering, and a replacement starts, listens and takes the clean-up over.
        const victim = sweepers[0]!;
        process.kill(victim, 'SIGKILL');
        await waitFor(p, 'the crash noticed', (lines) => lines.find((l) => l.msg === 'worker exited unexpectedly; restarting it' && l.worker_pid === victim));
        for (let i = 0; i < 4; i++) assert.equal((await alone(port, 'GET', '/.well-known/openid-configuration')).status, 200);
        const replacement = await waitFor(p, 'a replacement listening', (lines) => {
          const fresh = started(lines).filter((pid) => !workers.includes(pid));
          return fresh.length === 1 && listening(lines).includes(fresh[0]!) ? fresh[0] : undefined;
        });
        await waitFor(p, 'the clean-up handed over', (lines) =>
          lines.find((l) => l.msg === 'this process runs the periodic clean-up' && l.pid === replacement),
        );
        for (let i = 0; i < 6; i++) assert.equal((await alone(port, 'GET', '/.well-known/jwks.json')).status, 200);
        const survivor = workers.find((w) => w !== victim)!;
        assert.deepEqual(servedBy(logLines(p), 'GET', '/.well-known/jwks.json'), new Set([survivor, replacement]));

        // SIGTERM drains: a token request in flight on a worker is answered, then all exit 0.
        const inFlight = await halfSentTokenRequest(port, renewed);
        await waitFor(p, 'the token request received', (lines) =>
          lines.find((l) => l.msg === 'incoming request' && l.req?.url === '/oauth/token' && l.pid !== p.child.pid && l.time >= inFlight.sentAt),
        );
        p.child.kill('SIGTERM');
        await waitFor(p, 'both workers draining', (lines) => {
          const n = lines.filter((l) => l.msg === 'shutting down').length;
          return n === 2 ? true : undefined;
        });
        const answer = await inFlight.finish();
        assert.match(answer, /^HTTP\/1\.1 200 /);
        assert.match(answer, /"access_token":"ey/);
        assert.equal(await p.exited, 0);
        const stopped = logLines(p).filter((l) => l.msg === 'worker stopped');
        assert.deepEqual(new Set(stopped.map((l) => l.worker_pid)), new Set([survivor, replacement]));
        assert.ok(stopped.every((l) => l.code === 0));
      } finally {
        await stop(server);
        await drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }

  it('gives up with one clear line when workers crash in a loop (the port is taken), and exits 1', async () => {
    const dataDir = tempDir();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, ['bin/latchkey.js', 'serve'], {
        env: { ...process.env, DATABASE_URL: '', HOST: '127.0.0.1', DATA_DIR: dataDir, PORT: String(port), WORKERS: '2', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      assert.equal(code, 1, out);
      assert.match(out, /workers crash in a loop: worker \d exited 5 times in a row; giving up/);
      assert.match(out, /cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
      assert.doesNotMatch(out, /\n\s+at /, 'no stack trace');
    } finally {
      blocker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** A client_credentials request whose body is held back until finish(), on a connection of its own. */
async function halfSentTokenRequest(port: number, creds: { client_id: string; client_secret: string; audience: string }) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  let received = '';
  socket.on('data', (d) => (received += d));
  const body = JSON.stringify({ grant_type: 'client_credentials', ...creds });
  const sentAt = Date.now();
  socket.write(
    `POST /oauth/token HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
  );
  return {
    sentAt,
    async finish(): Promise<string> {
      socket.write(body.slice(10));
      await new Promise((r) => socket.once('close', r));
      return received;
    },
  };
}
