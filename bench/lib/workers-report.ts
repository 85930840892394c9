// Pure parts of the WORKERS comparison: the same scenarios against one worker and against
// several, on the same cores, and the ratio of their median rates.
import type { ScenarioResult } from './report.ts';

/** The scenarios the comparison runs: a signature per request, and a durable write. */
export const WORKER_SCENARIOS = ['client_credentials', 'register'] as const;

export interface WorkersComparison {
  scenario: string;
  /** WORKERS of the second run (the first has 1) */
  workers: number;
  /** median req/s with one worker and with `workers`; null when not measured */
  one: number | null;
  many: number | null;
  /** many / one, when both were measured */
  ratio: number | null;
}

const rate = (results: readonly ScenarioResult[], scenario: string): number | null => {
  const r = results.find((x) => x.scenario === scenario);
  return r?.status === 'ok' && r.median ? r.median.reqPerSec : null;
};

export function compareWorkers(one: readonly ScenarioResult[], many: readonly ScenarioResult[], workers: number): WorkersComparison[] {
  return WORKER_SCENARIOS.map((scenario) => {
    const a = rate(one, scenario);
    const b = rate(many, scenario);
    return { scenario, workers, one: a, many: b, ratio: a !== null && b !== null && a > 0 ? b / a : null };
  });
}

/** One line per scenario: "WORKERS=2 vs 1 register: 900 -> 1400 req/s, ratio 1.56x". */
export function formatWorkers(rows: readonly WorkersComparison[], cores: string): string[] {
  if (rows.length === 0) return [];
  const n = (v: number | null) => (v === null ? 'n/a' : String(Math.round(v)));
  return [
    `Several workers (servers on ${cores}; the load generator shares them):`,
    ...rows.map(
      (r) => `  WORKERS=${r.workers} vs 1 ${r.scenario}: ${n(r.one)} -> ${n(r.many)} req/s, ratio ${r.ratio === null ? 'n/a' : `${r.ratio.toFixed(2)}x`}`,
    ),
  ];
}
