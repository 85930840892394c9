// Runs one autocannon job in a child process pinned to the load core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSample } from './report.ts';
import { LOAD_CORE, pinned, runToEnd } from './procs.ts';

const WORKER = fileURLToPath(new URL('./load-worker.js', import.meta.url));

export interface LoadJob {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** one body per request; then `amount` must be set */
  bodies?: string[];
  connections: number;
  duration?: number;
  amount?: number;
}

export async function runLoad(job: LoadJob): Promise<RunSample & { statusCodes?: Record<string, { count: number }> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-job-'));
  const file = path.join(dir, 'job.json');
  try {
    fs.writeFileSync(file, JSON.stringify(job));
    const limit = ((job.duration ?? 60) + 120) * 1000;
    const out = await runToEnd(pinned(LOAD_CORE, [process.execPath, WORKER, file]), process.env, limit);
    return JSON.parse(out.trim().split('\n').at(-1)!);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
