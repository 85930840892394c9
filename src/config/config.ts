// Configuration: one declaration per environment variable (src/config/variable.ts) -> a typed Config.
// The same declarations print `latchkey --help` and generate README.md's Configuration table
// (`npm run docs:config`). A wrong value throws ConfigError naming the variable; the CLI prints it on one line.
import os from 'node:os';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { ConfigError } from './errors.ts';
import { integer, oneOf, onOff, readVariable, text, variable, type Env, type Variable } from './variable.ts';

export { ConfigError } from './errors.ts';

// ---- rules a schema cannot state, one small function each ----

/** PUBLIC_URL: an absolute http(s) URL that is an origin only; returned without a trailing slash. */
function parseOrigin(value: string): string {
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

/** DATABASE_URL: postgres:// or postgresql://, and a URL. */
function parsePostgresUrl(value: string): string {
  if (!/^postgres(ql)?:\/\//.test(value)) throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql:// (unset it to use SQLite)');
  try {
    new URL(value);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  return value;
}

/** LATCHKEY_MASTER_KEY: PostgreSQL has no DATA_DIR/master.key to fall back on; every instance must share the key. */
function requireMasterKeyWithPostgres(masterKey: string | undefined, env: Env): string | undefined {
  if (masterKey === undefined && readVariable(DATABASE_URL, env) !== undefined) {
    throw new ConfigError('LATCHKEY_MASTER_KEY', 'is required with PostgreSQL, since every instance must share it (generate one: openssl rand -base64 32)');
  }
  return masterKey;
}

/** TRUST_PROXY: true, false, or the text of a comma list of addresses/CIDRs (handed to Fastify as is). */
function parseTrustProxy(value: string): boolean | string {
  if (value === 'false') return false;
  if (value === 'true') return true;
  return value;
}

// ---- the variables, in the order of the documentation ----

const PORT = integer({
  name: 'PORT',
  default: 3000,
  minimum: 0,
  maximum: 65535,
  digits: 5,
  mustBe: 'an integer 0-65535',
  doc: 'TCP port to listen on, 0-65535.',
});

const HOST = text({ name: 'HOST', default: '127.0.0.1', doc: 'Interface to bind; `0.0.0.0` for all.' });

const DATA_DIR = variable({
  name: 'DATA_DIR',
  schema: Type.String({
    default: './data',
    description:
      'SQLite file (`latchkey.sqlite`), generated `master.key`, `initial-credentials.json`. Created 0700 (an existing one is tightened to 0700); the files in it are 0600, the SQLite `-wal` and `-shm` files included.',
  }),
  parse: (value) => path.resolve(value ?? './data'),
  invalid: (value) => `is not a valid path: "${value}"`,
});

const DATABASE_URL = variable({
  name: 'DATABASE_URL',
  schema: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Undefined()], {
    description: 'Unset: embedded SQLite in `DATA_DIR`. `postgres://…`: PostgreSQL (migrations run at start).',
  }),
  parse: (value) => (value === undefined ? undefined : parsePostgresUrl(value)),
  invalid: () => 'must start with postgres:// or postgresql:// (unset it to use SQLite)',
});

const PUBLIC_URL = variable({
  name: 'PUBLIC_URL',
  schema: Type.String({
    pattern: '^https?://[^/?#]+$',
    description:
      "Public origin of the default tenant; its issuer is `PUBLIC_URL/`. Every URL Latchkey publishes comes from here or from a tenant's domain, never from a request's Host header. Fixed at the first start: a later start with another value (or none, on another port) refuses with one line; move it on purpose with `latchkey tenant set-domain` (below).",
  }),
  shownDefault: '`http://localhost:$PORT`',
  parse: (value, env) => parseOrigin(value ?? `http://localhost:${readVariable(PORT, env)}`),
  invalid: (value) => `must be an origin only (scheme://host[:port]), got "${value}"`,
});

const LATCHKEY_MASTER_KEY = variable({
  name: 'LATCHKEY_MASTER_KEY',
  // The key's encoding and length are checked where it is used (storage/secret-box.ts), also naming this variable.
  schema: Type.Union([Type.String({ minLength: 1 }), Type.Undefined()], {
    description:
      '32 bytes as base64/base64url or 64 hex chars; encrypts client secrets and private signing keys at rest (AES-256-GCM). With SQLite it is generated into `DATA_DIR/master.key` (mode 0600) if unset, on an empty store only. **Required with PostgreSQL**, since all instances must share it: `openssl rand -base64 32`. A key that cannot open the stored keys, or a missing `master.key` next to a store that has data, refuses to start with one line.',
  }),
  shownDefault: 'generated (SQLite)',
  parse: requireMasterKeyWithPostgres,
  invalid: () => 'is not valid',
});

const LOG_LEVEL = oneOf({
  name: 'LOG_LEVEL',
  values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
  default: 'info',
  emptyIsUnset: false,
  doc: '`fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`. Logs are JSON lines (pino) with a request id (`x-request-id` is honoured and echoed); Authorization headers, cookies, secrets and passwords are never logged, and the values of `id_token_hint`, `login_hint`, `code`, `state`, `code_verifier` and of any parameter whose name contains `token` or `secret` are redacted wherever they appear (URLs in request lines, bodies, messages, errors).',
});

const TRUST_PROXY = variable({
  name: 'TRUST_PROXY',
  schema: Type.Union([Type.Boolean(), Type.String({ pattern: '^[0-9a-fA-F.:/,\\s]+$' })], {
    default: false,
    description: '`true`, `false`, or a comma list of proxy addresses/CIDRs whose `X-Forwarded-For` is trusted (client IPs for rate limits and audit).',
  }),
  parse: (value) => (value === undefined ? false : parseTrustProxy(value)),
  invalid: (value) => `must be true, false or a comma list of addresses/CIDRs, got "${value}"`,
});

const LATCHKEY_RATE_LIMITS = onOff({
  name: 'LATCHKEY_RATE_LIMITS',
  default: true,
  doc: '`off` disables the rate limits of open endpoints (benchmarks only).',
});

const LATCHKEY_FETCH_ALLOW_PRIVATE = variable({
  name: 'LATCHKEY_FETCH_ALLOW_PRIVATE',
  schema: Type.Array(Type.String({ pattern: '^[A-Za-z0-9.:_\\-\\[\\]]+$' }), {
    default: [],
    description:
      "**Development and tests only.** Comma list of host names (e.g. `localhost,127.0.0.1`) that outbound fetches (a software statement issuer's `jwks_uri`, Client ID Metadata Documents) may reach on private, loopback or other non-public addresses. Unset, every fetch must reach a public address.",
  }),
  shownDefault: 'unset',
  parse: (value) =>
    value === undefined
      ? []
      : value
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean),
  invalid: (value) => `must be a comma list of host names, got "${value}"`,
});

const LOG_RETENTION_DAYS = integer({
  name: 'LOG_RETENTION_DAYS',
  default: 30,
  minimum: 1,
  maximum: 3650,
  digits: 4,
  mustBe: 'a whole number of days, 1-3650',
  doc: "Days tenant log entries (`/api/v2/logs`, the dashboard's Logs) are kept, 1-3650.",
});

const DATABASE_POOL_SIZE = integer({
  name: 'DATABASE_POOL_SIZE',
  default: 10,
  minimum: 1,
  maximum: 1000,
  doc: 'PostgreSQL connections per server process (each of `WORKERS` has its own), 1-1000. At most 20 requests per connection wait for one; beyond that, 503 at once.',
});

const DATABASE_CONNECT_TIMEOUT_MS = integer({
  name: 'DATABASE_CONNECT_TIMEOUT_MS',
  default: 3000,
  minimum: 100,
  maximum: 60_000,
  doc: 'PostgreSQL: the longest wait (100-60000) to open a connection or to get a free one, then 503.',
});

const DATABASE_STATEMENT_TIMEOUT_MS = integer({
  name: 'DATABASE_STATEMENT_TIMEOUT_MS',
  default: 5000,
  minimum: 100,
  maximum: 600_000,
  doc: 'PostgreSQL `statement_timeout`, 100-600000 (idle in transaction: twice this); the client gives up one second later even if the server cannot answer; then 503.',
});

const METRICS_PORT = variable({
  name: 'METRICS_PORT',
  schema: Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Undefined()], {
    description:
      'Port of a separate listener serving Prometheus metrics at `/metrics` (0-65535; 0 picks a free one). Unset: no metrics listener. Never served on `PORT`.',
  }),
  shownDefault: 'unset (off)',
  parse: (value) => (value === undefined ? undefined : /^\d{1,5}$/.test(value) && Number(value) <= 65535 ? Number(value) : Number.NaN),
  invalid: (value) => `must be an integer 0-65535, got "${value}"`,
});

const METRICS_HOST = text({
  name: 'METRICS_HOST',
  default: '127.0.0.1',
  doc: 'Interface the metrics listener binds (with `METRICS_PORT`); keep it private, `/metrics` has no authentication.',
});

/** Most server processes WORKERS accepts (and what `auto` is capped at). */
export const MAX_WORKERS = 64;

/** WORKERS: a whole number, or `auto` for one per core the process may use. */
function parseWorkers(value: string | undefined): number {
  if (value === undefined) return 1;
  if (value === 'auto') return Math.min(MAX_WORKERS, os.availableParallelism());
  return /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
}

const WORKERS = variable({
  name: 'WORKERS',
  schema: Type.Integer({
    minimum: 1,
    maximum: MAX_WORKERS,
    default: 1,
    description:
      '`latchkey serve` processes sharing one port (node:cluster), 1-64, or `auto` for one per core. Above 1, a primary process migrates the store, creates the default tenant once, starts the workers, restarts one that crashes and drains them all on SIGTERM; see "Several cores".',
  }),
  parse: parseWorkers,
  invalid: (value) => `must be a whole number 1-${MAX_WORKERS} or auto, got "${value}"`,
});

/** Where each variable lands in Config; walked in this order, which is also the documentation's. */
const SHAPE = {
  port: PORT,
  host: HOST,
  dataDir: DATA_DIR,
  /** undefined = embedded SQLite file in dataDir */
  databaseUrl: DATABASE_URL,
  /** Origin that every published URL of the default tenant starts with; no trailing slash. */
  publicUrl: PUBLIC_URL,
  /** Raw master key text; undefined = generate/read DATA_DIR/master.key (SQLite only). */
  masterKey: LATCHKEY_MASTER_KEY,
  logLevel: LOG_LEVEL,
  trustProxy: TRUST_PROXY,
  rateLimits: LATCHKEY_RATE_LIMITS,
  /** Hosts the outbound fetcher may reach on non-public addresses (development only). */
  fetchAllowPrivate: LATCHKEY_FETCH_ALLOW_PRIVATE,
  /** Days tenant log entries are kept. */
  logRetentionDays: LOG_RETENTION_DAYS,
  /** The Prometheus listener; port undefined = none. */
  metrics: { port: METRICS_PORT, host: METRICS_HOST },

  /** Server processes on one port (1 = no cluster). */
  workers: WORKERS,
  /** PostgreSQL pool: connections, connect/wait timeout, statement timeout (ms). */
  databasePool: {
    size: DATABASE_POOL_SIZE,
    connectMs: DATABASE_CONNECT_TIMEOUT_MS,
    statementMs: DATABASE_STATEMENT_TIMEOUT_MS,
  },
} as const;

interface Shape {
  readonly [key: string]: Variable | Shape;
}

type Built<T> = T extends Variable<infer S> ? Static<S> : { -readonly [K in keyof T]: Built<T[K]> };

export type Config = Built<typeof SHAPE>;
export type LogLevel = Config['logLevel'];

function isVariable(entry: Variable | Shape): entry is Variable {
  return typeof (entry as Variable).parse === 'function';
}

function flatten(shape: Shape): Variable[] {
  return Object.values(shape).flatMap((entry) => (isVariable(entry) ? [entry] : flatten(entry)));
}

/** Every documented variable, in order: `latchkey --help` and the README table. */
export const CONFIG_VARIABLES: readonly Variable[] = flatten(SHAPE);

function build(shape: Shape, env: Env): Record<string, unknown> {
  return Object.fromEntries(Object.entries(shape).map(([key, entry]) => [key, isVariable(entry) ? readVariable(entry, env) : build(entry, env)]));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return build(SHAPE, env) as Config;
}
