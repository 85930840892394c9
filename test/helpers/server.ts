// Starts a real Latchkey on loopback for tests: a temp DATA_DIR, a real SQLite file or a
// fresh PostgreSQL database on the server named by DATABASE_URL, real HTTP.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { buildLatchkey, type BuildOptions, type Latchkey } from '../../src/main.ts';
import type { TenantCredentials } from '../../src/services/provisioning.ts';

export type DialectName = 'sqlite' | 'postgres';

/** The dialects every storage-touching suite runs on. In CI PostgreSQL is mandatory. */
export function dialects(): DialectName[] {
  if (process.env.DATABASE_URL) return ['sqlite', 'postgres'];
  if (process.env.CI) throw new Error('CI must provide DATABASE_URL (PostgreSQL) for the storage suites');
  return ['sqlite'];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix = 'latchkey-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh, empty PostgreSQL database on the DATABASE_URL server; `drop` removes it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `lk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * For a server process on `dialect`: on PostgreSQL, a fresh database and a master key go into
 * `env`. Returns what removes the database again.
 */
export async function processStore(dialect: DialectName, env: Record<string, string>): Promise<() => Promise<void>> {
  if (dialect !== 'postgres') return async () => {};
  const db = await freshPostgresDatabase();
  env.DATABASE_URL = db.url;
  env.LATCHKEY_MASTER_KEY = randomBytes(32).toString('base64');
  return db.drop;
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  env: Record<string, string>;
  latchkey: Latchkey;
  credentials: TenantCredentials;
  /** Stops the server (and keeps the store, for restart tests). */
  stop(): Promise<void>;
  /** Stops the server and removes its store. */
  close(): Promise<void>;
}

export interface StartOptions {
  dialect?: DialectName;
  /** reuse a store (restart tests) */
  dataDir?: string;
  env?: Record<string, string>;
  /** for PostgreSQL restarts: the database to reuse */
  databaseUrl?: string;
  /** listen on this port (default: a free one) */
  port?: number;
  /** PUBLIC_URL = the server's own http://127.0.0.1:PORT, so the issuer matches the URL clients use */
  publicUrlFromPort?: boolean;
  /** outbound fetcher options (a test certificate authority) */
  outbound?: BuildOptions['outbound'];
  /** mail queue tuning (a shorter backoff) */
  mail?: BuildOptions['mail'];
}

/** The default tenant's credentials, as the first start wrote them to DATA_DIR. */
export function initialCredentials(dataDir: string): TenantCredentials {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'initial-credentials.json'), 'utf8')) as TenantCredentials;
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? tempDir();
  let dropDb: (() => Promise<void>) | undefined;
  const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env };
  if (opts.publicUrlFromPort) env.PUBLIC_URL = `http://127.0.0.1:${port}`;
  if (opts.dialect === 'postgres') {
    if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
    else {
      const db = await freshPostgresDatabase();
      env.DATABASE_URL = db.url;
      dropDb = db.drop;
    }
    env.LATCHKEY_MASTER_KEY ??= randomBytes(32).toString('base64');
  }
  const config = loadConfig(env);
  const latchkey = await buildLatchkey(config, { outbound: opts.outbound, mail: opts.mail });
  await latchkey.app.listen({ port, host: '127.0.0.1' });
  const credentials = initialCredentials(dataDir);
  const stop = () => latchkey.close();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    env,
    latchkey,
    credentials,
    stop,
    async close() {
      await stop();
      if (dropDb) await dropDb();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
