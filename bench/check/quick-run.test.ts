// Runs `npm run bench -- --quick --scale` once, as a user would, so that the harness cannot rot:
// every server starts, every scenario is measured without errors, the scale scenario runs, the
// WORKERS=2 comparison runs, and the report and the JSON are complete. No rate is asserted: a benchmark is never a test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { assertResultShape, QUICK_TARGETS_CAVEAT, type BenchResult } from '../lib/report.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('npm run bench -- --quick measures every scenario on every server', { timeout: 10 * 60_000 }, async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--scale'], {
    cwd: ROOT,
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 9 * 60_000,
  });
  const file = /^Results: (\S+\.json)$/m.exec(stdout)?.[1];
  assert.ok(file, `no results line in:\n${stdout.slice(-2000)}`);
  const resultPath = path.join(ROOT, file);
  try {
    const result = JSON.parse(fs.readFileSync(resultPath, 'utf8')) as BenchResult;
    assertResultShape(result);
    assert.equal(result.mode, 'quick');
    const measured = (server: string) =>
      result.scenarios
        .filter((s) => s.server === server)
        .map((s) => s.scenario)
        .sort();
    assert.deepEqual(measured('latchkey'), [
      'authorization_code',
      'authorization_code_rbac',
      'client_credentials',
      'discovery',
      'jwks',
      'mgmt_get_client',
      'register',
    ]);
    assert.deepEqual(measured('oidc-provider'), ['authorization_code', 'client_credentials', 'discovery', 'jwks', 'register']);
    assert.deepEqual(measured('fastify-hello'), ['hello']);
    for (const s of result.scenarios) assert.equal(s.status, 'ok', `${s.server} ${s.scenario}: ${s.status}`);
    assert.deepEqual(result.scale.map((s) => s.server).sort(), ['latchkey', 'oidc-provider']);
    for (const s of result.scale) assert.equal(s.via, 'endpoint');
    assert.ok(result.signing && result.signing.cryptoSignPerSec > 0);
    assert.match(stdout, /^Targets:$/m);
    assert.ok(stdout.includes(QUICK_TARGETS_CAVEAT));
    assert.match(stdout, /register >= 2x oidc-provider: /);
    assert.match(stdout, /authorization_code with RBAC on within 10% of off: \d+%/);
    // WORKERS=2 against one worker: both scenarios measured on both, and the ratio printed.
    assert.deepEqual(
      result.workers?.rows.map((r) => r.scenario),
      ['client_credentials', 'register'],
    );
    for (const r of result.workers!.rows) assert.ok(r.ratio !== null && r.ratio > 0, `${r.scenario}: ${JSON.stringify(r)}`);
    assert.match(stdout, /^ {2}WORKERS=2 vs 1 register: \d+ -> \d+ req\/s, ratio \d+\.\d\dx$/m);
  } finally {
    fs.rmSync(resultPath, { force: true });
  }
});
