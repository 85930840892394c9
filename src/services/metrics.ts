// Prometheus metrics of one process, in a registry of its own (never prom-client's global one,
// so two servers in one process count apart). Label values are bounded sets: route patterns,
// methods, status codes, grant types, outcome codes; never a client id, user or raw URL.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BatchKind, Storage } from '../storage/ports.ts';

/** Token grants by the log type of their success (Auth0: seacft, sertft, seccft). */
const GRANT_OF_EVENT: Readonly<Record<string, string>> = {
  seacft: 'authorization_code',
  sertft: 'refresh_token',
  seccft: 'client_credentials',
};

/** Sign-in outcomes by log type (Auth0: s, f, fp, fu, limit_wc). */
const LOGIN_OUTCOME_OF_EVENT: Readonly<Record<string, string>> = {
  s: 'success',
  f: 'failure',
  fp: 'wrong_password',
  fu: 'unknown_user',
  limit_wc: 'blocked',
};

/** OAuth error codes are short lowercase words; anything else is counted as one bucket. */
const boundedCode = (code: string) => (/^[a-z_]{1,40}$/.test(code) ? code : 'other');

export class Metrics {
  readonly registry = new Registry();
  readonly #http: Histogram<'method' | 'route' | 'status'>;
  readonly #rateLimited: Counter<'route'>;
  readonly #registrations: Counter<'outcome'>;
  readonly #tokens: Counter<'grant_type'>;
  readonly #logins: Counter<'outcome'>;
  readonly #logEvents: Counter<'outcome'>;
  readonly #batches: Histogram<'kind'>;
  /** Caches whose hits and misses are reported, by name. */
  readonly #caches = new Map<string, () => { hits: number; misses: number }>();

  constructor(storage: Storage) {
    const registers = [this.registry];
    // Process metrics, event-loop delay (nodejs_eventloop_lag_*) among them.
    collectDefaultMetrics({ register: this.registry });
    this.#http = new Histogram({
      name: 'latchkey_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#rateLimited = new Counter({
      name: 'latchkey_rate_limit_refusals_total',
      help: 'Requests refused with 429 Too Many Requests, by route pattern',
      labelNames: ['route'],
      registers,
    });
    this.#registrations = new Counter({
      name: 'latchkey_registrations_total',
      help: 'Dynamic client registrations (POST /oidc/register): accepted, or the OAuth error code of the refusal',
      labelNames: ['outcome'],
      registers,
    });
    this.#tokens = new Counter({ name: 'latchkey_tokens_issued_total', help: 'Token responses issued, by grant type', labelNames: ['grant_type'], registers });
    this.#logins = new Counter({
      name: 'latchkey_logins_total',
      help: 'Sign-in attempts: success, wrong_password, unknown_user, blocked or failure',
      labelNames: ['outcome'],
      registers,
    });
    this.#logEvents = new Counter({
      name: 'latchkey_log_events_total',
      help: 'Tenant log entries: written, failed (the store refused) or dropped (too many waiting)',
      labelNames: ['outcome'],
      registers,
    });
    this.#batches = new Histogram({
      name: 'latchkey_store_batch_size',
      help: 'Writes per shared commit: group_commit (registrations, log entries), write_batch (small writes, SQLite)',
      labelNames: ['kind'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    storage.observeBatches((kind: BatchKind, size: number) => this.#batches.observe({ kind }, size));
    this.watchCache('store', () => storage.stats().cache);
    this.#storeGauges(storage);
    this.#cacheGauges();
  }

  /** Reports a cache's hits and misses since start (read at each scrape). */
  watchCache(name: string, counts: () => { hits: number; misses: number }): void {
    this.#caches.set(name, counts);
  }

  #storeGauges(storage: Storage): void {
    const registers = [this.registry];
    const pool = (pick: 'inUse' | 'waiting' | 'idle') =>
      function (this: Gauge) {
        const stats = storage.stats().pool;
        if (stats) this.set(stats[pick]);
      };
    new Gauge({ name: 'latchkey_store_pool_in_use', help: 'PostgreSQL connections in use', registers, collect: pool('inUse') });
    new Gauge({ name: 'latchkey_store_pool_idle', help: 'PostgreSQL connections open and idle', registers, collect: pool('idle') });
    new Gauge({ name: 'latchkey_store_pool_waiting', help: 'Requests waiting for a PostgreSQL connection', registers, collect: pool('waiting') });
    new Gauge({
      name: 'latchkey_store_pool_errors',
      help: 'PostgreSQL connections that broke and connects that failed or were refused, since start',
      registers,
      collect() {
        const stats = storage.stats().pool;
        if (stats) this.set(stats.errors);
      },
    });
  }

  #cacheGauges(): void {
    const registers = [this.registry];
    const caches = this.#caches;
    new Gauge({
      name: 'latchkey_cache_requests',
      help: 'Reads of each cache since start, by result: store (clients, APIs, client grants, signing keys), tenants (by Host)',
      labelNames: ['cache', 'result'],
      registers,
      collect() {
        for (const [cache, counts] of caches) {
          const { hits, misses } = counts();
          this.set({ cache, result: 'hit' }, hits);
          this.set({ cache, result: 'miss' }, misses);
        }
      },
    });
    new Gauge({
      name: 'latchkey_cache_hit_ratio',
      help: 'Share of the reads of each cache served from memory since start (0-1)',
      labelNames: ['cache'],
      registers,
      // Several workers: their average, not their sum.
      aggregator: 'average',
      collect() {
        for (const [cache, counts] of caches) {
          const { hits, misses } = counts();
          this.set({ cache }, hits + misses === 0 ? 0 : hits / (hits + misses));
        }
      },
    });
  }

  /** One answered request; `route` is the pattern Fastify matched, or `unmatched`. */
  request(method: string, route: string, status: number, seconds: number): void {
    this.#http.observe({ method, route, status: String(status) }, seconds);
    if (status === 429) this.#rateLimited.inc({ route });
  }

  registration(outcome: 'accepted' | string): void {
    this.#registrations.inc({ outcome: outcome === 'accepted' ? outcome : boundedCode(outcome) });
  }

  /** A tenant log event happened: sign-ins and token grants are counted by their type. */
  event(type: string): void {
    const grant = GRANT_OF_EVENT[type];
    if (grant) this.#tokens.inc({ grant_type: grant });
    const outcome = LOGIN_OUTCOME_OF_EVENT[type];
    if (outcome) this.#logins.inc({ outcome });
  }

  logEvent(outcome: 'written' | 'failed' | 'dropped'): void {
    this.#logEvents.inc({ outcome });
  }

  /** The exposition text (Prometheus text format 0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
