// `npm run bench:transfer`: how long `latchkey export` / `latchkey import` take and how much
// memory they need as a store grows. Each size gets a fresh SQLite store filled with that many
// clients (rows inserted directly, in batches, for speed), which is exported, imported into a
// new SQLite DATA_DIR and, with DATABASE_URL set, into a new PostgreSQL database and exported
// from there. Every CLI run is its own process; its peak RSS comes from the process itself
// (bench/lib/report-max-rss.cjs). Flat memory shows as the same peak RSS at every size.
//
//   npm run bench:transfer                       # 0, 10,000, 100,000 and 300,000 clients
//   npm run bench:transfer -- --sizes 0,1000     # other sizes
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/storage/sql/database.ts';
import { parseMasterKey, SecretBox } from '../src/storage/secret-box.ts';
import { newClientId } from '../src/domain/ids.ts';
import { freePort } from './lib/procs.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Measured {
  seconds: number;
  maxRssMiB: number;
}

/** Runs `latchkey ARGS` with `env` as a child process; wall time and its own peak RSS. */
async function latchkey(env: Record<string, string>, ...args: string[]): Promise<Measured> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', path.join(ROOT, 'bench/lib/report-max-rss.cjs'), path.join(ROOT, 'bin/latchkey.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let rss = '';
  child.stdout!.on('data', (c: Buffer) => (out += c));
  child.stderr!.on('data', (c: Buffer) => (out += c));
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => (rss += c));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`latchkey ${args.join(' ')} exited with ${code}: ${out.trim()}`);
  return { seconds: (performance.now() - started) / 1000, maxRssMiB: JSON.parse(rss).maxRSS / 1024 };
}

/** A store with its default tenant (a real first start), then `clients` more clients. */
async function fill(dataDir: string, clients: number): Promise<void> {
  // The default tenant, its keys and master.key come from a real first start of the server.
  const port = await freePort();
  const env = { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: 'http://localhost:3000' };
  const server = spawn(process.execPath, [path.join(ROOT, 'bin/latchkey.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      if (i > 300) throw new Error('latchkey did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));

  const box = new SecretBox(parseMasterKey(fs.readFileSync(path.join(dataDir, 'master.key'), 'utf8')));
  const open = openDatabase({ databaseUrl: undefined, dataDir });
  try {
    const template = await open.db.selectFrom('clients').selectAll().executeTakeFirstOrThrow();
    const data = JSON.parse(template.data) as Record<string, unknown>;
    for (let done = 0; done < clients;) {
      const n = Math.min(1000, clients - done);
      const rows = Array.from({ length: n }, (_, i) => {
        const clientId = newClientId();
        const now = Date.now();
        return {
          ...template,
          client_id: clientId,
          name: `Bench App ${done + i}`,
          is_first_party: 0,
          secret_sealed: box.seal(randomBytes(48).toString('base64url'), `client_secret:${template.tenant_id}:${clientId}`),
          data: JSON.stringify({ ...data, callbacks: [`https://app${done + i}.example/callback`], dynamically_registered: true }),
          created_at: now,
          updated_at: now,
        };
      });
      await open.db.transaction().execute((trx) => trx.insertInto('clients').values(rows).execute());
      done += n;
    }
  } finally {
    await open.destroy();
  }
}

async function freshPostgres(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `lk_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

interface Row {
  clients: number;
  fileMiB: number;
  exportSqlite: Measured;
  importSqlite: Measured;
  importPostgres?: Measured;
  exportPostgres?: Measured;
}

async function measureSize(clients: number, databaseUrl: string | undefined): Promise<Row> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-transfer-'));
  try {
    const source = path.join(root, 'source');
    await fill(source, clients);
    const file = path.join(root, 'store.jsonl');
    const exportSqlite = await latchkey({ DATA_DIR: source }, 'export', '--out', file);
    const key = fs.readFileSync(path.join(source, 'master.key'), 'utf8').trim();
    const importSqlite = await latchkey({ DATA_DIR: path.join(root, 'imported'), LATCHKEY_MASTER_KEY: key }, 'import', '--from', file);
    const row: Row = { clients, fileMiB: fs.statSync(file).size / 1024 / 1024, exportSqlite, importSqlite };
    if (databaseUrl) {
      const db = await freshPostgres(databaseUrl);
      try {
        const env = { DATA_DIR: path.join(root, 'pg'), DATABASE_URL: db.url, LATCHKEY_MASTER_KEY: key };
        row.importPostgres = await latchkey(env, 'import', '--from', file);
        row.exportPostgres = await latchkey(env, 'export', '--out', path.join(root, 'pg.jsonl'));
      } finally {
        await db.drop();
      }
    }
    return row;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function table(rows: Row[]): string {
  const cell = (m: Measured | undefined) => (m ? `${m.seconds.toFixed(1)} s / ${Math.round(m.maxRssMiB)} MiB` : 'n/a');
  return [
    '| clients | file | export (SQLite) | import (SQLite) | import (PostgreSQL) | export (PostgreSQL) |',
    '|---:|---:|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.clients.toLocaleString('en-US')} | ${r.fileMiB.toFixed(1)} MiB | ${cell(r.exportSqlite)} | ${cell(r.importSqlite)} | ${cell(r.importPostgres)} | ${cell(r.exportPostgres)} |`,
    ),
  ].join('\n');
}

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '0,10000,100000,300000' } } });
const sizes = values.sizes!.split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 0)) throw new Error('--sizes takes whole numbers, e.g. 0,10000,100000');
const databaseUrl = process.env.DATABASE_URL || undefined;
log(
  `transfer benchmark: ${sizes.join(', ')} clients; ${databaseUrl ? 'SQLite and PostgreSQL' : 'SQLite only (set DATABASE_URL for PostgreSQL)'}; Node ${process.version}, ${os.cpus().length} CPUs`,
);
const rows: Row[] = [];
for (const n of sizes) {
  log(`  ${n.toLocaleString('en-US')} clients ...`);
  rows.push(await measureSize(n, databaseUrl));
}
const report = `${table(rows)}\n\nEach cell: wall time of the CLI process (start-up included) / its peak RSS.\n`;
log('');
log(report);
const results = path.join(ROOT, 'bench/results');
fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(path.join(results, `transfer-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), report);
