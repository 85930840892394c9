// Pure parts of the benchmark: medians, the result document and the printed table.
// No I/O here, so test/bench/harness.test.ts can check them without load.
import { evaluateTargets, formatTargets } from './targets.ts';
import { formatWorkers, type WorkersComparison } from './workers-report.ts';

export type ServerName = 'latchkey' | 'oidc-provider' | 'fastify-hello' | 'latchkey-workers';

/** What a scenario is compared against in the "share" column. */
export type ScenarioKind = 'get' | 'token' | 'write';

/** One timed autocannon run, as the load worker reports it. */
export interface RunSample {
  requests: number;
  seconds: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** server CPU time per request in microseconds (steadier than req/s on a busy machine) */
  cpuUsPerReq?: number | null;
}

export interface ScenarioResult {
  server: ServerName;
  scenario: string;
  kind: ScenarioKind;
  /** RS256 signatures a successful response costs (token endpoints). */
  signatures: number;
  /** 'ok', or why the scenario was not measured ("n/a (endpoint missing)"). */
  status: string;
  runs: RunSample[];
  median: { reqPerSec: number; p50: number; p99: number; cpuUsPerReq: number | null } | null;
  /** Share of non-2xx answers over all runs (0..1). */
  failureRate: number;
  /** VmRSS of the server right after the scenario, in MiB. */
  rssMiB: number | null;
}

export interface SigningResult {
  joseSignJwtPerSec: number;
  cryptoSignPerSec: number;
  /** crypto.sign with a callback (libuv pool), concurrency 32 */
  cryptoSignAsyncPerSec: number;
}

export interface ScaleResult {
  server: ServerName;
  clients: number;
  /** how the clients were created: 'endpoint' or 'storage' */
  via: string;
  seconds: number;
  rssBeforeMiB: number | null;
  rssAfterMiB: number | null;
  before: Record<string, number | null>;
  after: Record<string, number | null>;
}

export interface BenchResult {
  version: 1;
  startedAt: string;
  finishedAt: string;
  mode: 'quick' | 'full';
  machine: { cpus: number; node: string; pinned: boolean; database: 'sqlite' | 'postgres' };
  commit: string | null;
  settings: { connections: number; warmupSeconds: number; runSeconds: number; runs: number };
  signing: SigningResult | null;
  scenarios: ScenarioResult[];
  peakRssMiB: Partial<Record<ServerName, number | null>>;
  scale: ScaleResult[];
  /** Latchkey with WORKERS=2 against one worker, on the same cores (null when not run) */
  workers: { cores: string; rows: WorkersComparison[] } | null;
  profile: { file: string; top: ProfileLine[] } | null;
}

export interface ProfileLine {
  fn: string;
  where: string;
  selfPercent: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Medians of each measure taken separately (the run with the median rate need not have the median p99). */
export function summarize(runs: readonly RunSample[]): ScenarioResult['median'] {
  if (runs.length === 0) return null;
  return {
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuUsPerReq: runs.every((r) => typeof r.cpuUsPerReq === 'number') ? median(runs.map((r) => r.cpuUsPerReq!)) : null,
  };
}

export function failureRate(runs: readonly RunSample[]): number {
  const total = runs.reduce((n, r) => n + r.requests, 0);
  const failed = runs.reduce((n, r) => n + r.non2xx + r.errors, 0);
  return total === 0 ? 0 : failed / total;
}

export function scenarioResult(
  base: Pick<ScenarioResult, 'server' | 'scenario' | 'kind' | 'signatures'>,
  runs: RunSample[],
  rssMiB: number | null,
): ScenarioResult {
  const rate = failureRate(runs);
  // More than 1% errors means the rate measures error answers, not the endpoint.
  const status = rate > 0.01 ? `errors (${(rate * 100).toFixed(1)}% non-2xx)` : 'ok';
  return { ...base, status, runs, median: summarize(runs), failureRate: rate, rssMiB };
}

export function notMeasured(base: Pick<ScenarioResult, 'server' | 'scenario' | 'kind' | 'signatures'>, status: string): ScenarioResult {
  return { ...base, status, runs: [], median: null, failureRate: 0, rssMiB: null };
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtMs = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const fmtPct = (n: number) => `${Math.round(n * 100)}%`;

function rateOf(results: readonly ScenarioResult[], server: ServerName, scenario: string): number | null {
  const r = results.find((x) => x.server === server && x.scenario === scenario);
  return r?.median && r.status === 'ok' ? r.median.reqPerSec : null;
}

export interface TableRow {
  scenario: string;
  server: string;
  reqPerSec: string;
  p50: string;
  p99: string;
  cpu: string;
  vsOidcProvider: string;
  share: string;
  note: string;
}

/**
 * Rows of the summary: each scenario and server; Latchkey rows carry the Latchkey/oidc-provider
 * ratio, and every row its share of the physical limit: Fastify hello for GET endpoints, the raw
 * RS256 signing rate (crypto.sign, times signatures per response) for token endpoints.
 */
export function tableRows(result: Pick<BenchResult, 'scenarios' | 'signing'>): TableRow[] {
  const hello = rateOf(result.scenarios, 'fastify-hello', 'hello');
  const raw = result.signing?.cryptoSignPerSec ?? null;
  return result.scenarios.map((s) => {
    const rate = s.median && s.status === 'ok' ? s.median.reqPerSec : null;
    let vs = '';
    if (s.server === 'latchkey' && rate !== null) {
      const peer = rateOf(result.scenarios, 'oidc-provider', s.scenario);
      vs = peer ? `${(rate / peer).toFixed(2)}x` : '';
    }
    let share = '';
    if (rate !== null && s.kind === 'get' && hello && s.server !== 'fastify-hello') share = `${fmtPct(rate / hello)} of hello`;
    if (rate !== null && s.kind === 'token' && raw) share = `${fmtPct((rate * s.signatures) / raw)} of RS256`;
    return {
      scenario: s.scenario,
      server: s.server,
      reqPerSec: rate === null ? '-' : fmtInt(rate),
      p50: s.median ? fmtMs(s.median.p50) : '-',
      p99: s.median ? fmtMs(s.median.p99) : '-',
      cpu: s.median?.cpuUsPerReq != null ? fmtInt(s.median.cpuUsPerReq) : '-',
      vsOidcProvider: vs,
      share,
      note: s.status === 'ok' ? '' : s.status,
    };
  });
}

const HEADERS: Record<keyof TableRow, string> = {
  scenario: 'scenario',
  server: 'server',
  reqPerSec: 'req/s',
  p50: 'p50 ms',
  p99: 'p99 ms',
  cpu: 'CPU us/req',
  vsOidcProvider: 'vs oidc-provider',
  share: 'share of limit',
  note: 'note',
};

const RIGHT: ReadonlySet<keyof TableRow> = new Set(['reqPerSec', 'p50', 'p99', 'cpu', 'vsOidcProvider']);

/** A plain-text table (also valid Markdown). */
export function formatTable(rows: readonly TableRow[]): string {
  const keys = Object.keys(HEADERS) as (keyof TableRow)[];
  const widths = keys.map((k) => Math.max(HEADERS[k].length, ...rows.map((r) => r[k].length)));
  const cell = (k: keyof TableRow, v: string, i: number) => (RIGHT.has(k) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!));
  const line = (values: string[]) => `| ${values.map((v, i) => cell(keys[i]!, v, i)).join(' | ')} |`;
  return [
    line(keys.map((k) => HEADERS[k])),
    `|${widths.map((w, i) => (RIGHT.has(keys[i]!) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...rows.map((r) => line(keys.map((k) => r[k]))),
  ].join('\n');
}

/** Printed above the targets of a --quick run. */
export const QUICK_TARGETS_CAVEAT = 'Quick run (1 s runs): the verdicts below are only indicative; judge the targets on a full run.';

/** Everything printed at the end of a run: table, signing rates, RSS, scale. */
export function formatReport(result: BenchResult): string {
  const out: string[] = [formatTable(tableRows(result))];
  if (result.signing) {
    const s = result.signing;
    out.push(
      '',
      `RS256 on one core: crypto.sign ${fmtInt(s.cryptoSignPerSec)}/s, crypto.sign async ${fmtInt(s.cryptoSignAsyncPerSec)}/s, jose SignJWT ${fmtInt(s.joseSignJwtPerSec)}/s`,
    );
  }
  const rss = Object.entries(result.peakRssMiB).map(([k, v]) => `${k} ${v === null || v === undefined ? '?' : `${v.toFixed(0)} MiB`}`);
  if (rss.length) out.push(`Peak RSS (VmHWM): ${rss.join(', ')}`);
  for (const s of result.scale) {
    const deltas = Object.keys(s.before).map((k) => {
      const b = s.before[k];
      const a = s.after[k];
      if (b == null || a == null) return `${k} n/a`;
      return `${k} ${fmtInt(b)} -> ${fmtInt(a)} req/s (${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%)`;
    });
    const rss = s.rssBeforeMiB != null && s.rssAfterMiB != null ? `RSS ${s.rssBeforeMiB.toFixed(0)} -> ${s.rssAfterMiB.toFixed(0)} MiB` : 'RSS ?';
    out.push(`Scale ${s.server}: +${fmtInt(s.clients)} clients via ${s.via} in ${s.seconds.toFixed(1)} s; ${deltas.join('; ')}; ${rss}`);
  }
  if (result.workers) out.push(...formatWorkers(result.workers.rows, result.workers.cores));
  out.push('');
  // One-second runs after a one-second warm-up: ratios move by tens of percent between quick runs.
  if (result.mode === 'quick') out.push(QUICK_TARGETS_CAVEAT);
  out.push(formatTargets(evaluateTargets(result)));
  if (result.profile) {
    out.push('', `CPU profile: ${result.profile.file}`, ...result.profile.top.map((l) => `  ${l.selfPercent.toFixed(1).padStart(5)}%  ${l.fn}  ${l.where}`));
  }
  return out.join('\n');
}

/** Checks the result document's shape (used by the test and before writing the JSON). */
export function assertResultShape(result: BenchResult): void {
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`bench result: ${what}`);
  };
  need(result.version === 1, 'version');
  need(result.mode === 'quick' || result.mode === 'full', 'mode');
  need(Number.isInteger(result.settings.connections) && result.settings.runs > 0, 'settings');
  need(Array.isArray(result.scenarios) && Array.isArray(result.scale), 'arrays');
  need(result.workers === null || (typeof result.workers.cores === 'string' && Array.isArray(result.workers.rows)), 'workers');
  for (const s of result.scenarios) {
    need(typeof s.scenario === 'string' && typeof s.status === 'string', 'scenario names');
    need(s.status !== 'ok' || (s.median !== null && s.runs.length > 0), `${s.server}/${s.scenario} median`);
  }
}
