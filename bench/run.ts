// `npm run bench`: Latchkey, node-oidc-provider and a bare Fastify hello-world, one after the
// other on the same machine in the same run; each server on core 0, autocannon on core 1. Then
// Latchkey with WORKERS=2 against one worker, both unpinned (several workers need several cores).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions, USAGE } from './lib/options.ts';
import { assertResultShape, formatReport, type BenchResult, type ScaleResult, type ScenarioResult, type ServerName, type SigningResult } from './lib/report.ts';
import { canPin, freePort, peakRssMiB, pinned, rssMiB, runToEnd, SERVER_CORE, startServer, type Server } from './lib/procs.ts';
import { measure, type Scenario, type Settings } from './lib/scenario.ts';
import { runLoad } from './lib/load.ts';
import { topSelfTime, type CpuProfile } from './lib/profile.ts';
import { startLatchkey } from './targets/latchkey.ts';
import { startOidcProvider } from './targets/oidc-provider.ts';
import { compareWorkers, WORKER_SCENARIOS, type WorkersComparison } from './lib/workers-report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = path.join(ROOT, 'bench/results');
const log = (line: string) => process.stdout.write(`${line}\n`);

async function signingRates(seconds: number): Promise<SigningResult> {
  const out = await runToEnd(pinned(SERVER_CORE, [process.execPath, path.join(ROOT, 'bench/lib/sign-bench.js'), String(seconds)]));
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

let wanted = new Set<string>();

async function measureAll(server: Server, name: ServerName, scenarios: Scenario[], settings: Settings): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  for (const sc of scenarios) if (wanted.size === 0 || wanted.has(sc.name)) out.push(await measure(server, name, sc, settings, log));
  return out;
}

/** Registers `n` more clients, then measures registration and client_credentials again. */
async function scale(
  server: Server,
  name: ServerName,
  scenarios: Scenario[],
  measured: ScenarioResult[],
  settings: Settings,
  n: number,
  viaStorage?: (n: number) => Promise<void>,
): Promise<ScaleResult> {
  const names = ['register', 'client_credentials'];
  const rate = (rs: ScenarioResult[], s: string) => {
    const r = rs.find((x) => x.scenario === s);
    return r?.median && r.status === 'ok' ? r.median.reqPerSec : null;
  };
  const before = Object.fromEntries(names.map((s) => [s, rate(measured, s)]));
  const rssBeforeMiB = rssMiB(server);
  const register = scenarios.find((s) => s.name === 'register')!;
  const started = Date.now();
  let via = 'endpoint';
  if (before.register !== null && register.request) {
    log(`  ${name}: registering ${n} clients through ${register.request.path}`);
    const r = register.request;
    await runLoad({ url: server.url + r.path, method: r.method, headers: r.headers, body: r.body, amount: n, connections: settings.connections });
  } else if (viaStorage) {
    via = 'storage';
    log(`  ${name}: registration endpoint missing; adding ${n} clients through the store`);
    await viaStorage(n);
  } else {
    return { server: name, clients: 0, via: 'n/a', seconds: 0, rssBeforeMiB, rssAfterMiB: rssBeforeMiB, before, after: {} };
  }
  const seconds = (Date.now() - started) / 1000;
  const again = await measureAll(
    server,
    name,
    scenarios.filter((s) => names.includes(s.name)),
    settings,
  );
  return {
    server: name,
    clients: n,
    via,
    seconds,
    rssBeforeMiB,
    rssAfterMiB: rssMiB(server),
    before,
    after: Object.fromEntries(names.map((s) => [s, rate(again, s)])),
  };
}

/** WORKERS of the second run of the comparison (the first runs one). */
const COMPARED_WORKERS = 2;

/** The same scenarios against a fresh Latchkey with one worker, then with COMPARED_WORKERS. */
async function compareWorkerCounts(settings: Settings): Promise<WorkersComparison[]> {
  const measured: ScenarioResult[][] = [];
  for (const workers of [1, COMPARED_WORKERS]) {
    log(`  WORKERS=${workers}`);
    const lk = await startLatchkey({ log, workers });
    try {
      const scenarios = lk.scenarios.filter((s) => (WORKER_SCENARIOS as readonly string[]).includes(s.name));
      measured.push(await measureAll(lk.server, 'latchkey-workers', scenarios, settings));
    } finally {
      await lk.stop();
    }
  }
  return compareWorkers(measured[0]!, measured[1]!, COMPARED_WORKERS);
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    log(USAGE);
    return 0;
  }
  const opts = parseOptions(argv);
  const { settings } = opts;
  wanted = opts.scenarios;
  if (!canPin()) log('WARNING: taskset is missing (or there is no second core): servers and load generator run unpinned; numbers are less comparable.');
  if (os.cpus().length < 2) log('WARNING: fewer than 2 cores; the load generator competes with the server.');
  fs.mkdirSync(RESULTS, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const result: BenchResult = {
    version: 1,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    mode: opts.quick ? 'quick' : 'full',
    machine: { cpus: os.cpus().length, node: process.version, pinned: canPin(), database: process.env.DATABASE_URL ? 'postgres' : 'sqlite' },
    commit: gitCommit(),
    settings: { connections: settings.connections, warmupSeconds: settings.warmupSeconds, runSeconds: settings.runSeconds, runs: settings.runs },
    signing: null,
    scenarios: [],
    peakRssMiB: {},
    scale: [],
    workers: null,
    profile: null,
  };

  log(`Signing micro-benchmark (RS256, one core)...`);
  result.signing = await signingRates(opts.quick ? 1 : 3);

  if (opts.servers.has('fastify-hello')) {
    log('Fastify hello-world');
    const port = await freePort();
    const server = await startServer({
      name: 'fastify-hello',
      argv: [process.execPath, path.join(ROOT, 'bench/servers/fastify-hello.js')],
      env: { ...process.env, PORT: String(port) },
      port,
      readyPath: '/',
    });
    try {
      result.scenarios.push(
        ...(await measureAll(server, 'fastify-hello', [{ name: 'hello', kind: 'get', signatures: 0, request: { method: 'GET', path: '/' } }], settings)),
      );
      result.peakRssMiB['fastify-hello'] = peakRssMiB(server);
    } finally {
      await server.stop();
    }
  }

  if (opts.servers.has('latchkey')) {
    log(`Latchkey (${result.machine.database})`);
    const profileDir = opts.profile ? path.join(RESULTS, `profile-${stamp}`) : undefined;
    const lk = await startLatchkey({ profileDir, log });
    let profileFile: string | null = null;
    try {
      const measured = await measureAll(lk.server, 'latchkey', lk.scenarios, settings);
      result.scenarios.push(...measured);
      result.peakRssMiB.latchkey = peakRssMiB(lk.server);
      if (opts.scale) result.scale.push(await scale(lk.server, 'latchkey', lk.scenarios, measured, settings, opts.scaleClients, lk.seedClients));
    } finally {
      profileFile = await lk.stop();
    }
    if (profileFile) {
      const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as CpuProfile;
      result.profile = { file: path.relative(ROOT, profileFile), top: topSelfTime(profile, 25, ROOT) };
    }
  }

  if (opts.servers.has('latchkey-workers')) {
    log(`Latchkey (${result.machine.database}): WORKERS=${COMPARED_WORKERS} against one worker, both on every core`);
    result.workers = { cores: `all ${os.cpus().length} cores`, rows: await compareWorkerCounts(settings) };
  }

  if (opts.servers.has('oidc-provider')) {
    log('node-oidc-provider');
    const op = await startOidcProvider();
    try {
      const measured = await measureAll(op.server, 'oidc-provider', op.scenarios, settings);
      result.scenarios.push(...measured);
      result.peakRssMiB['oidc-provider'] = peakRssMiB(op.server);
      if (opts.scale) result.scale.push(await scale(op.server, 'oidc-provider', op.scenarios, measured, settings, opts.scaleClients));
    } finally {
      await op.server.stop();
    }
  }

  result.finishedAt = new Date().toISOString();
  assertResultShape(result);
  const file = path.join(RESULTS, `bench-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  log('');
  log(formatReport(result));
  log('');
  log(`Results: ${path.relative(ROOT, file)}`);
  log('Absolute numbers drift with whatever else the machine runs; compare the ratios within one run.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
