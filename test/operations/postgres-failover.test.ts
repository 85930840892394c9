// Several instances on one PostgreSQL survive what databases routinely do: a backend killed by
// an administrator, a fast restart, a crash restart (-m immediate), a frozen server. Run as
// users run them: three `latchkey serve` processes under registration load, on a private
// PostgreSQL this test may restart, kill and freeze.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freePort, initialCredentials, tempDir } from '../helpers/server.ts';
import { startProcess, type ServerProcess } from '../helpers/process.ts';
import { postgresBinaries, startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.ts';
import { managementToken, request } from '../management/helpers.ts';
import { register, type Answer } from '../registration/support.ts';

const available = postgresBinaries() !== null;
if (!available && process.env.CI) throw new Error('CI must have the PostgreSQL server binaries for the failover suite');

interface Deployment {
  cluster: PostgresCluster;
  databaseUrl: string;
  instances: ServerProcess[];
  dataDirs: string[];
  publicUrl: string;
}

/** N instances on one fresh database, every one with the same PUBLIC_URL and master key. */
async function deploy(cluster: PostgresCluster, count: number, extraEnv: Record<string, string> = {}): Promise<Deployment> {
  const databaseUrl = await cluster.createDatabase();
  const masterKey = randomBytes(32).toString('base64');
  const publicUrl = `http://localhost:${await freePort()}`;
  const instances: ServerProcess[] = [];
  const dataDirs: string[] = [];
  for (let i = 0; i < count; i++) {
    const dataDir = tempDir();
    dataDirs.push(dataDir);
    const env = {
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      LATCHKEY_MASTER_KEY: masterKey,
      PUBLIC_URL: publicUrl,
      LATCHKEY_RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    };
    instances.push(await startProcess(env));
  }
  return { cluster, databaseUrl, instances, dataDirs, publicUrl };
}

async function undeploy(d: Deployment | undefined): Promise<void> {
  if (!d) return;
  for (const p of d.instances) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  }
  for (const dir of d.dataDirs) fs.rmSync(dir, { recursive: true, force: true });
}

/** Management API calls against one instance, with the credentials of the instance that created the tenant. */
async function managementOf(d: Deployment, instance: ServerProcess) {
  const { management } = initialCredentials(d.dataDirs[0]!);
  const port = Number(new URL(instance.url).port);
  const host = new URL(d.publicUrl).host;
  const token = await managementToken({ port }, management, { host });
  return { port, host, token };
}

async function clientIdsStored(databaseUrl: string, ids: string[]): Promise<Set<string>> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query('select client_id from clients where client_id = any($1)', [ids]);
    return new Set(rows.map((r: { client_id: string }) => r.client_id));
  } finally {
    await c.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (p: ServerProcess) => p.child.exitCode === null && p.child.signalCode === null;

describe('several instances on one PostgreSQL', { skip: !available && 'PostgreSQL server binaries not installed' }, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgresCluster();
  });
  after(async () => {
    await cluster?.stop();
  });

  it('survive a killed backend, a fast restart and a crash restart under load, and lose no acknowledged registration', async () => {
    let d: Deployment | undefined;
    try {
      d = await deploy(cluster, 3);
      const { port, host, token } = await managementOf(d, d.instances[0]!);
      const on = await request({ port }, 'PATCH', '/api/v2/tenants/settings', { host, token, body: { flags: { enable_dynamic_client_registration: true } } });
      assert.equal(on.status, 200, on.text);

      // 8 registrations in flight at all times, spread over the three instances.
      const acknowledged: string[] = [];
      const refusals = new Map<number, number>();
      const unexpected: string[] = [];
      let stopLoad = false;
      let n = 0;
      const worker = async () => {
        while (!stopLoad) {
          const target = d!.instances[n++ % d!.instances.length]!;
          let answer: Answer;
          try {
            answer = await register(target.url, { client_name: `Failover ${n}`, redirect_uris: ['https://failover.example/cb'] });
          } catch (err) {
            unexpected.push(`no answer: ${(err as Error).message}`);
            await sleep(50);
            continue;
          }
          if (answer.status === 201) acknowledged.push(answer.body.client_id);
          else {
            refusals.set(answer.status, (refusals.get(answer.status) ?? 0) + 1);
            if (answer.status !== 503) unexpected.push(`${answer.status} ${answer.text}`);
            else {
              assert.equal(answer.body.error, 'temporarily_unavailable');
              assert.ok(Number(answer.headers.get('retry-after')) > 0);
            }
            await sleep(50);
          }
        }
      };
      const load = Array.from({ length: 8 }, worker);

      /** Each instance answers a registration with 201 again; returns the slowest recovery in ms. */
      const recovered = async (since: number) => {
        let slowest = 0;
        for (const instance of d!.instances) {
          for (;;) {
            const answer = await register(instance.url, { client_name: 'Probe', redirect_uris: ['https://failover.example/cb'] }).catch(() => undefined);
            if (answer?.status === 201) {
              acknowledged.push(answer.body.client_id);
              break;
            }
            assert.ok(Date.now() - since < 10_000, `${instance.url} did not answer a registration within 10 s (last: ${answer?.status} ${answer?.text})`);
            await sleep(100);
          }
          slowest = Math.max(slowest, Date.now() - since);
        }
        return slowest;
      };

      const disruptions: Array<[string, () => Promise<unknown>]> = [
        ['pg_terminate_backend', () => cluster.terminateBackends()],
        ['pg_ctl restart -m fast', () => cluster.restart('fast')],
        ['pg_ctl restart -m immediate', () => cluster.restart('immediate')],
      ];
      for (const [name, disrupt] of disruptions) {
        await sleep(700);
        const before = acknowledged.length;
        const at = Date.now();
        await disrupt();
        await recovered(at);
        await sleep(700);
        assert.ok(acknowledged.length > before, `registrations go on after ${name}`);
        for (const instance of d.instances) assert.ok(alive(instance), `an instance exited after ${name}:\n${instance.output()}`);
      }
      stopLoad = true;
      await Promise.all(load);

      assert.deepEqual(unexpected, [], 'only 201 and 503 answers');
      for (const instance of d.instances) {
        assert.ok(alive(instance));
        assert.doesNotMatch(instance.output(), /Unhandled|uncaught/i);
      }
      const stored = await clientIdsStored(d.databaseUrl, acknowledged);
      assert.equal(stored.size, acknowledged.length, 'every acknowledged registration is stored');
      // The instances are ready again.
      for (const instance of d.instances) assert.equal((await fetch(`${instance.url}/readyz`)).status, 200);
    } finally {
      await undeploy(d);
    }
  });

  it('a frozen database gives 503s in each route family and a 503 /readyz within 2 s, while discovery and JWKS keep answering', async () => {
    let d: Deployment | undefined;
    try {
      d = await deploy(cluster, 1, { DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '1500' });
      const instance = d.instances[0]!;
      const { port, host, token } = await managementOf(d, instance);
      assert.equal(
        (await request({ port }, 'PATCH', '/api/v2/tenants/settings', { host, token, body: { flags: { enable_dynamic_client_registration: true } } })).status,
        200,
      );
      const app = await register(instance.url, { client_name: 'Before the freeze', redirect_uris: ['https://freeze.example/cb'] });
      assert.equal(app.status, 201);
      const discovery = await (await fetch(`${instance.url}/.well-known/openid-configuration`)).text();
      const jwks = await (await fetch(`${instance.url}/.well-known/jwks.json`)).text();

      await cluster.freeze();
      try {
        const started = Date.now();
        const ready = await fetch(`${instance.url}/readyz`);
        assert.equal(ready.status, 503);
        assert.ok(Date.now() - started < 2000, `/readyz took ${Date.now() - started} ms`);

        // Cached tenant and keys: no database needed.
        const d1 = await fetch(`${instance.url}/.well-known/openid-configuration`);
        assert.equal(d1.status, 200);
        assert.equal(await d1.text(), discovery);
        const j1 = await fetch(`${instance.url}/.well-known/jwks.json`);
        assert.equal(j1.status, 200);
        assert.equal(await j1.text(), jwks);

        // Protocol family.
        const refused = await register(instance.url, { client_name: 'During the freeze', redirect_uris: ['https://freeze.example/cb'] });
        assert.equal(refused.status, 503, refused.text);
        assert.equal(refused.body.error, 'temporarily_unavailable');
        assert.ok(refused.body.error_description);
        assert.equal(refused.headers.get('retry-after'), '5');
        // Auth0's Management shape.
        const listed = await request({ port }, 'GET', '/api/v2/clients', { host, token });
        assert.equal(listed.status, 503, listed.text);
        assert.deepEqual(Object.keys(listed.json).sort(), ['error', 'errorCode', 'message', 'statusCode']);
        assert.equal(listed.json.statusCode, 503);
        assert.equal(listed.json.error, 'Service Unavailable');
        assert.equal(listed.headers['retry-after'], '5');
        // A page: the sign-in error page, not JSON.
        const page = await fetch(
          `${instance.url}/authorize?client_id=${app.body.client_id}&response_type=code&redirect_uri=${encodeURIComponent('https://freeze.example/cb')}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
          { redirect: 'manual' },
        );
        assert.equal(page.status, 503);
        assert.match(page.headers.get('content-type') ?? '', /text\/html/);
        assert.match(await page.text(), /temporarily unavailable/i);
      } finally {
        await cluster.thaw();
      }
      // Back without a restart.
      const since = Date.now();
      for (;;) {
        const answer = await register(instance.url, { client_name: 'After the freeze', redirect_uris: ['https://freeze.example/cb'] });
        if (answer.status === 201) break;
        assert.ok(Date.now() - since < 10_000, `no 201 within 10 s after thaw: ${answer.status} ${answer.text}`);
        await sleep(100);
      }
      assert.equal((await fetch(`${instance.url}/readyz`)).status, 200);
      assert.ok(alive(instance));
    } finally {
      await undeploy(d);
    }
  });
});
