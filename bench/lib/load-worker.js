// Load generator process (pinned to its own core by the harness). Reads a job file, runs
// autocannon once, prints one JSON line: requests, seconds, req/s, p50/p99 (ms), failures.
// Plain JavaScript so that it starts without a TypeScript loader.
import fs from 'node:fs';
import autocannon from 'autocannon';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const opts = {
  url: job.url,
  method: job.method,
  headers: job.headers ?? {},
  connections: job.connections,
  timeout: 30,
};
if (job.amount) opts.amount = job.amount;
else opts.duration = job.duration;
if (job.body !== undefined) opts.body = job.body;
if (job.bodies) {
  // One body per request (single-use authorization codes); each connection may take one extra.
  let next = 0;
  const bodies = job.bodies;
  opts.requests = [{ setupRequest: (req) => ({ ...req, body: bodies[Math.min(next++, bodies.length - 1)] }) }];
}

const started = process.hrtime.bigint();
const result = await autocannon(opts);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const requests = result.requests.total;
// autocannon's own duration excludes its start-up; fall back to the wall clock.
const elapsed = typeof result.duration === 'number' && result.duration > 0 ? result.duration : seconds;
process.stdout.write(
  JSON.stringify({
    requests,
    seconds: elapsed,
    reqPerSec: requests / elapsed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: result.statusCodeStats,
  }) + '\n',
);
