// Shared by the backup and transfer suites: the CLI as a process, the Management API of a
// server process, and stopping what a test started.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { ServerProcess } from '../helpers/process.ts';
import { managementToken, request } from '../management/helpers.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `latchkey ARGS` with `env` on top of this process's (SQLite unless env names DATABASE_URL). */
export function cli(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/latchkey.js', ...args], { env: { ...process.env, DATABASE_URL: '', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Asserts success and returns stdout. */
export async function cliOk(env: Record<string, string>, ...args: string[]): Promise<string> {
  const r = await cli(env, ...args);
  assert.equal(r.code, 0, `latchkey ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Asserts a refusal: non-zero exit and one `latchkey: ...` line on stderr matching `pattern`. */
export async function cliRefuses(env: Record<string, string>, pattern: RegExp, ...args: string[]): Promise<void> {
  const r = await cli(env, ...args);
  assert.notEqual(r.code, 0, `latchkey ${args.join(' ')} succeeded: ${r.stdout}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^latchkey: /);
  assert.match(lines[0]!, pattern);
}

export type Api = (method: string, url: string, body?: unknown) => Promise<any>;

/** The default tenant's Management API on a server process, with a fresh client_credentials token. */
export async function managementApi(port: number, creds: { client_id: string; client_secret: string; audience: string }): Promise<Api> {
  const token = await managementToken({ port }, creds);
  return async (method, url, body) => {
    const res = await request({ port }, method, url, { token, body });
    assert.ok(res.status >= 200 && res.status < 300, `${method} ${url}: ${res.status} ${res.text}`);
    return res.json;
  };
}

/** Every client id of the tenant, sorted (paging through GET /api/v2/clients). */
export async function allClientIds(api: Api): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 0; ; page++) {
    const { clients } = await api('GET', `/api/v2/clients?include_totals=true&per_page=100&page=${page}`);
    for (const c of clients) ids.push(c.client_id);
    if (clients.length < 100) return ids.sort();
  }
}

export async function stop(p: ServerProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  await p.exited;
}
