// Measures one scenario against one running server: a probe request (a missing endpoint is
// reported, not fatal), a warm-up, then N timed runs; medians are taken by report.ts.
import type { RunSample, ScenarioKind, ScenarioResult, ServerName } from './report.ts';
import { notMeasured, scenarioResult } from './report.ts';
import { runLoad, type LoadJob } from './load.ts';
import { cpuSeconds, rssMiB, type Server } from './procs.ts';

export interface Settings {
  connections: number;
  warmupSeconds: number;
  runSeconds: number;
  runs: number;
  /** single-use codes exchanged per timed run */
  codesPerRun: number;
}

export interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  kind: ScenarioKind;
  signatures: number;
  /** a fixed request sent over and over */
  request?: Request;
  /** single-use requests (authorization codes): `prepare(n)` makes n of them through the real flow */
  singleUse?: { method: 'POST'; path: string; headers: Record<string, string>; prepare(n: number): Promise<string[]> };
  /** why the scenario cannot run here, decided before probing */
  unavailable?: string;
}

async function probe(server: Server, r: Request): Promise<string | null> {
  try {
    const res = await fetch(server.url + r.path, { method: r.method, headers: r.headers, body: r.body });
    const text = await res.text();
    if (res.status === 404 || res.status === 405) return 'n/a (endpoint missing)';
    if (res.status >= 300) return `n/a (probe answered ${res.status}: ${text.replace(/\s+/g, ' ').slice(0, 100)})`;
    return null;
  } catch (err) {
    return `n/a (probe failed: ${(err as Error).message})`;
  }
}

/** One timed run, with the server's CPU time per request. */
async function timedRun(server: Server, job: LoadJob): Promise<RunSample> {
  const before = cpuSeconds(server);
  const sample = await runLoad(job);
  const after = cpuSeconds(server);
  const cpuUsPerReq = before !== null && after !== null && sample.requests > 0 ? ((after - before) * 1e6) / sample.requests : null;
  return { ...sample, cpuUsPerReq };
}

export async function measure(server: Server, serverName: ServerName, sc: Scenario, settings: Settings, log: (line: string) => void): Promise<ScenarioResult> {
  const result = await measureOnce(server, serverName, sc, settings, log);
  const m = result.median;
  const cpu = m?.cpuUsPerReq == null ? '?' : Math.round(m.cpuUsPerReq);
  log(
    `  ${serverName} ${sc.name}: ${m ? `${Math.round(m.reqPerSec)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${cpu} us CPU/req ` : ''}${result.status === 'ok' ? '' : result.status}`,
  );
  return result;
}

async function measureOnce(server: Server, serverName: ServerName, sc: Scenario, settings: Settings, log: (line: string) => void): Promise<ScenarioResult> {
  const base = { server: serverName, scenario: sc.name, kind: sc.kind, signatures: sc.signatures };
  if (sc.unavailable) return notMeasured(base, sc.unavailable);
  const runs: RunSample[] = [];
  if (sc.request) {
    const missing = await probe(server, sc.request);
    if (missing) return notMeasured(base, missing);
    const job: LoadJob = {
      url: server.url + sc.request.path,
      method: sc.request.method,
      headers: sc.request.headers,
      body: sc.request.body,
      connections: settings.connections,
    };
    await runLoad({ ...job, duration: settings.warmupSeconds });
    for (let i = 0; i < settings.runs; i++) runs.push(await timedRun(server, { ...job, duration: settings.runSeconds }));
  } else if (sc.singleUse) {
    const su = sc.singleUse;
    let bodies: string[];
    try {
      bodies = await su.prepare(1);
    } catch (err) {
      const msg = (err as Error).message;
      return notMeasured(base, / 404[: ]|with 404|endpoint missing/.test(msg) ? 'n/a (endpoint missing)' : `n/a (${msg.replace(/\s+/g, ' ').slice(0, 120)})`);
    }
    const missing = await probe(server, { method: su.method, path: su.path, headers: su.headers, body: bodies[0] });
    if (missing) return notMeasured(base, missing.includes('unsupported_grant_type') ? 'n/a (grant missing)' : missing);
    // autocannon builds one request ahead per connection, so each run gets some spare bodies.
    const spare = settings.connections + 8;
    const job = (amount: number, b: string[]): LoadJob => ({
      url: server.url + su.path,
      method: su.method,
      headers: su.headers,
      bodies: b,
      amount,
      connections: settings.connections,
    });
    const warm = Math.max(settings.connections, Math.floor(settings.codesPerRun / 2));
    await runLoad(job(warm, await su.prepare(warm + spare)));
    for (let i = 0; i < settings.runs; i++) {
      const started = Date.now();
      const prepared = await su.prepare(settings.codesPerRun + spare);
      log(`    prepared ${prepared.length} codes in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      runs.push(await timedRun(server, job(settings.codesPerRun, prepared)));
    }
  }
  return scenarioResult(base, runs, rssMiB(server));
}
