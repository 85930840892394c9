// Configuration: one documented table of environment variables -> a typed Config.
// A wrong value throws ConfigError naming the variable; the CLI prints it on one line.
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** undefined = embedded SQLite file in dataDir */
  databaseUrl: string | undefined;
  /** Origin that every published URL of the default tenant starts with; no trailing slash. */
  publicUrl: string;
  /** Raw master key text from the environment; undefined = generate/read DATA_DIR/master.key (SQLite only). */
  masterKey: string | undefined;
  logLevel: LogLevel;
  trustProxy: boolean | string;
  rateLimits: boolean;
  /** Days tenant log entries are kept. */
  logRetentionDays: number;
  /** PostgreSQL pool: connections, connect/wait timeout, statement timeout (ms). */
  databasePool: { size: number; connectMs: number; statementMs: number };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** The documented options, used by the README table and `latchkey --help`. */
export const CONFIG_DOCS: ReadonlyArray<{ name: string; default: string; doc: string }> = [
  { name: 'PORT', default: '3000', doc: 'TCP port to listen on (0-65535).' },
  { name: 'HOST', default: '127.0.0.1', doc: 'Interface to bind; use 0.0.0.0 to listen on all.' },
  { name: 'DATA_DIR', default: './data', doc: 'Directory for the SQLite file, the generated master key and initial-credentials.json.' },
  { name: 'DATABASE_URL', default: '(unset)', doc: 'Unset: embedded SQLite in DATA_DIR. postgres://... : PostgreSQL.' },
  { name: 'PUBLIC_URL', default: 'http://localhost:$PORT', doc: "Public origin of the default tenant; its issuer is PUBLIC_URL + '/'." },
  { name: 'LATCHKEY_MASTER_KEY', default: '(generated with SQLite)', doc: 'Base64/base64url (32 bytes) or 64 hex chars; encrypts client secrets and private keys at rest. Required with PostgreSQL.' },
  { name: 'LOG_LEVEL', default: 'info', doc: 'fatal, error, warn, info, debug, trace or silent.' },
  { name: 'TRUST_PROXY', default: 'false', doc: 'true, false, or a comma list of proxy addresses/CIDRs whose X-Forwarded-For is trusted.' },
  { name: 'LATCHKEY_RATE_LIMITS', default: 'on', doc: "'off' disables the open-endpoint rate limits (benchmarks only)." },
  { name: 'DATABASE_POOL_SIZE', default: '10', doc: 'PostgreSQL connections per instance (1-1000).' },
  { name: 'DATABASE_CONNECT_TIMEOUT_MS', default: '3000', doc: 'PostgreSQL: longest wait to open a connection or get a free one; then 503 (100-60000).' },
  { name: 'DATABASE_STATEMENT_TIMEOUT_MS', default: '5000', doc: 'PostgreSQL statement_timeout; the client gives up 1 s later; then 503 (100-600000).' },
  { name: 'LOG_RETENTION_DAYS', default: '30', doc: 'Days tenant log entries are kept (1-3650); older ones are deleted by the periodic clean-up.' },
];

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new ConfigError('PORT', `must be an integer 0-65535, got "${raw}"`);
  return Number(raw);
}

function parsePublicUrl(raw: string | undefined, port: number): string {
  const value = raw === undefined || raw === '' ? `http://localhost:${port}` : raw;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('PUBLIC_URL', `must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('PUBLIC_URL', `must use http or https, got "${url.protocol}"`);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ConfigError('PUBLIC_URL', 'must be an origin only (scheme://host[:port]), without path, query or credentials');
  }
  return url.origin;
}

function parseDatabaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql:// (unset it to use SQLite)');
  try {
    new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  return raw;
}

function parseTrustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (!/^[0-9a-fA-F.:/,\s]+$/.test(raw)) throw new ConfigError('TRUST_PROXY', `must be true, false or a comma list of addresses/CIDRs, got "${raw}"`);
  return raw;
}

function parseRetentionDays(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 30;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > 3650) throw new ConfigError('LOG_RETENTION_DAYS', `must be a whole number of days, 1-3650, got "${raw}"`);
  return Number(raw);
}

function parseBoundedInt(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new ConfigError(name, `must be a whole number, ${min}-${max}, got "${raw}"`);
  return Number(raw);
}

function parseOnOff(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'on' || raw === 'true') return true;
  if (raw === 'off' || raw === 'false') return false;
  throw new ConfigError(name, `must be on or off, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT);
  const host = env.HOST === undefined || env.HOST === '' ? '127.0.0.1' : env.HOST;
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  const databaseUrl = parseDatabaseUrl(env.DATABASE_URL);
  const masterKey = env.LATCHKEY_MASTER_KEY === '' ? undefined : env.LATCHKEY_MASTER_KEY;
  if (databaseUrl && masterKey === undefined) {
    throw new ConfigError('LATCHKEY_MASTER_KEY', 'is required with PostgreSQL, since every instance must share it (generate one: openssl rand -base64 32)');
  }
  return {
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR === undefined || env.DATA_DIR === '' ? './data' : env.DATA_DIR),
    databaseUrl,
    publicUrl: parsePublicUrl(env.PUBLIC_URL, port),
    masterKey,
    logLevel,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    rateLimits: parseOnOff('LATCHKEY_RATE_LIMITS', env.LATCHKEY_RATE_LIMITS),
    logRetentionDays: parseRetentionDays(env.LOG_RETENTION_DAYS),
    databasePool: {
      size: parseBoundedInt('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, 10, 1, 1000),
      connectMs: parseBoundedInt('DATABASE_CONNECT_TIMEOUT_MS', env.DATABASE_CONNECT_TIMEOUT_MS, 3000, 100, 60_000),
      statementMs: parseBoundedInt('DATABASE_STATEMENT_TIMEOUT_MS', env.DATABASE_STATEMENT_TIMEOUT_MS, 5000, 100, 600_000),
    },
  };
}
