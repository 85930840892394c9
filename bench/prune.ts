// `npm run bench:prune`: the clean-up of unused registrations on a tenant of 100,000
// dynamically registered clients (most unused), while a load generator asks for discovery and
// for a cheap token (client_credentials). Reports the clean-up's duration, batch count and
// longest batch, and request latency with and without the clean-up running. SQLite; also
// PostgreSQL when DATABASE_URL is set (a fresh database on that server).
//
//   npm run bench:prune                          # 100,000 clients, 90 % unused
//   npm run bench:prune -- --clients 20000       # another size
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { buildLatchkey, type Latchkey } from '../src/main.ts';
import { newClientId } from '../src/domain/ids.ts';
import { USE_RECORD_INTERVAL_MS, unusedFor, type NewClient } from '../src/domain/client.ts';
import { pruneUnusedClients, unusedReason } from '../src/services/client-expiry.ts';
import type { TenantStores } from '../src/storage/ports.ts';
import { freePort } from './lib/procs.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DAY = 86_400_000;
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Load {
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function registration(i: number): NewClient {
  return {
    client_id: newClientId(),
    client_secret: null,
    name: `Registered ${i}`,
    app_type: 'spa',
    is_first_party: false,
    oidc_conformant: true,
    callbacks: [`https://app${i}.example.com/cb`],
    allowed_logout_urls: [],
    web_origins: [],
    allowed_origins: [],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
    dynamic_registration: { registered_at: new Date().toISOString(), ip: '192.0.2.1', user_agent: 'bench' },
  };
}

/** `count` self-registered clients, 1,000 per transaction; every tenth used "90 days from now". */
async function seed(stores: TenantStores, count: number): Promise<number> {
  let used = 0;
  for (let done = 0; done < count;) {
    const n = Math.min(1000, count - done);
    const ids = await stores.transaction(async (tx) => {
      const made: string[] = [];
      for (let i = 0; i < n; i++) made.push((await tx.clients.create(registration(done + i))).client_id);
      return made;
    });
    for (let i = 0; i < ids.length; i += 10) {
      await stores.clients.recordUse(ids[i]!, new Date(Date.now() + 90 * DAY), USE_RECORD_INTERVAL_MS);
      used++;
    }
    done += n;
  }
  return used;
}

/** Runs the load worker (its own process) for `seconds` against one target. */
function load(job: Record<string, unknown>): Promise<Load> {
  const file = path.join(os.tmpdir(), `prune-bench-${randomBytes(4).toString('hex')}.json`);
  fs.writeFileSync(file, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bench/lib/load-worker.js'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.on('close', (code) => {
      fs.rmSync(file, { force: true });
      if (code !== 0) return reject(new Error(`load worker exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Load);
    });
  });
}

async function run(dialect: 'sqlite' | 'postgres', clients: number, seconds: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prune-bench-'));
  const port = await freePort();
  const env: Record<string, string> = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_URL: `http://127.0.0.1:${port}` };
  let dbName: string | undefined;
  if (dialect === 'postgres') {
    dbName = `lk_prune_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${dbName}`;
    Object.assign(env, { DATABASE_URL: url.toString(), LATCHKEY_MASTER_KEY: randomBytes(32).toString('base64') });
  }
  let latchkey: Latchkey | undefined;
  try {
    latchkey = await buildLatchkey(loadConfig(env));
    await latchkey.app.listen({ port, host: '127.0.0.1' });
    const { storage } = latchkey.services;
    const tenant = (await storage.tenants.findDefault())!;
    const stores = storage.forTenant(tenant.id);
    const started = performance.now();
    const used = await seed(stores, clients);
    log(`${dialect}: seeded ${clients} registrations (${used} used) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'initial-credentials.json'), 'utf8')) as {
      management: { client_id: string; client_secret: string; audience: string };
    };
    const base = `http://127.0.0.1:${port}`;
    const jobs = (duration: number) => [
      { url: `${base}/.well-known/openid-configuration`, method: 'GET', connections: 4, duration },
      {
        url: `${base}/oauth/token`,
        method: 'POST',
        connections: 4,
        duration,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', ...creds.management }),
      },
    ];
    const quiet = await Promise.all(jobs(seconds).map(load));

    // The clean-up as the sweeper runs it, 91 days on: every unused registration goes.
    const during = Promise.all(jobs(seconds).map(load));
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = performance.now();
    const report = await pruneUnusedClients(stores, { unused: unusedFor(90, new Date(Date.now() + 91 * DAY)), reason: unusedReason(90, 'bench') });
    const pruneSeconds = (performance.now() - t0) / 1000;
    const busy = await during;
    const left = (await stores.clients.list({ page: 0, perPage: 1, dynamicallyRegistered: true })).total;
    return { dialect, clients, deleted: report.count, left, pruneSeconds, batches: report.batches, maxBatchMs: report.maxBatchMs, quiet, busy };
  } finally {
    await latchkey?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
}

const { values } = parseArgs({ options: { clients: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '15' } } });
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const results = [];
for (const dialect of process.env.DATABASE_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) results.push(await run(dialect, clients, seconds));

log('');
log('| store | clients | deleted | left | clean-up | batches | longest batch | discovery p50 / p99 (quiet → during) | token p50 / p99 (quiet → during) |');
log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const lat = (i: number) => `${r.quiet[i]!.p50} / ${r.quiet[i]!.p99} ms → ${r.busy[i]!.p50} / ${r.busy[i]!.p99} ms`;
  log(
    `| ${r.dialect} | ${r.clients} | ${r.deleted} | ${r.left} | ${r.pruneSeconds.toFixed(1)} s | ${r.batches} | ${r.maxBatchMs.toFixed(0)} ms | ${lat(0)} | ${lat(1)} |`,
  );
  const failures = [...r.quiet, ...r.busy].reduce((n, l) => n + l.non2xx + l.errors, 0);
  if (failures) log(`  (${r.dialect}: ${failures} failed requests)`);
}
