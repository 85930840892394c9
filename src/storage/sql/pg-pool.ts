// The PostgreSQL pool Kysely uses, made to fail requests instead of processes.
//
// - Every client gets an 'error' listener for its whole life. pg-pool listens only while a client
//   is idle; a connection that breaks while checked out (server restart, pg_terminate_backend)
//   would otherwise emit an unhandled 'error' and end the process.
// - A connection that broke or timed out is destroyed on release, never handed out again.
// - Failures of the store (refused or broken connections, timeouts, a full wait queue,
//   PostgreSQL's admin shutdown and cancel codes) become StoreUnavailableError: 503, retry later.
// - A read that failed because its connection broke is retried once on a new connection, when it
//   ran outside a transaction (nothing else saw the old connection's state). Writes are not
//   retried: whether the lost statement committed is unknown, and the caller is told so by a 503.
import pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { StoreUnavailableError } from '../ports.ts';
import { isStoreFailure } from './errors.ts';
import type { PoolStats } from '../ports.ts';

export interface PoolTimeouts {
  /** connections at most */
  size: number;
  /** to open a connection, and to wait for a free one */
  connectMs: number;
  /** server-side statement_timeout; the client gives up 1 s later (a frozen server enforces nothing) */
  statementMs: number;
}

/** Requests that may wait for a connection, per pooled connection; beyond that, 503 at once. */
const WAITERS_PER_CONNECTION = 20;

function unavailable(err: unknown): StoreUnavailableError {
  if (err instanceof StoreUnavailableError) return err;
  return new StoreUnavailableError(`the database is unavailable: ${(err as Error)?.message ?? String(err)}`, err);
}

const isRead = (sqlText: string) => /^\s*(select|with\s+[\s\S]*\bselect\b)/i.test(sqlText) && !/\b(insert|update|delete)\b/i.test(sqlText);

/** One checked-out connection as Kysely sees it. */
class GuardedClient implements PostgresPoolClient {
  #inTransaction = false;
  #broken: Error | undefined;

  constructor(
    private client: pg.PoolClient,
    private readonly pool: GuardedPool,
  ) {}

  query<R>(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<any>;
  query<R>(cursor: any): any;
  query(sqlText: any, parameters?: ReadonlyArray<unknown>): any {
    if (typeof sqlText !== 'string') return this.client.query(sqlText);
    return this.#run(sqlText, parameters ?? []);
  }

  async #run(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<any> {
    const command = sqlText.trimStart().slice(0, 20).toLowerCase();
    // The server ends a broken connection's transaction by itself: nothing to roll back.
    if (this.#broken && command.startsWith('rollback')) return { command: 'ROLLBACK', rowCount: 0, rows: [] };
    if (this.#broken) throw unavailable(this.#broken);
    try {
      const result = await this.client.query(sqlText, parameters as unknown[]);
      this.#track(command);
      return result;
    } catch (err) {
      if (!isStoreFailure(err)) {
        this.#track(command);
        throw err;
      }
      const connectionLost = !(this.client as unknown as { _queryable?: boolean })._queryable || /Query read timeout/.test((err as Error).message);
      if (!connectionLost) throw unavailable(err);
      this.#broken = err as Error;
      if (this.#inTransaction || !isRead(sqlText)) throw unavailable(err);
      // Safe to retry once: a read, outside a transaction, on a connection of its own.
      this.client.release(this.#broken);
      this.#broken = undefined;
      try {
        this.client = await this.pool.rawConnect();
      } catch (connectErr) {
        this.#broken = connectErr as Error;
        this.client = undefined as never;
        throw unavailable(connectErr);
      }
      try {
        return await this.client.query(sqlText, parameters as unknown[]);
      } catch (retryErr) {
        if (isStoreFailure(retryErr)) {
          this.#broken = retryErr as Error;
          throw unavailable(retryErr);
        }
        throw retryErr;
      }
    }
  }

  #track(command: string): void {
    if (command.startsWith('begin') || command.startsWith('start transaction')) this.#inTransaction = true;
    else if (command.startsWith('commit') || command.startsWith('rollback') || command.startsWith('end')) this.#inTransaction = false;
  }

  release(destroy?: boolean): void {
    if (!this.client) return;
    // pg-pool destroys a client released with an error instead of keeping it idle.
    this.client.release(this.#broken ?? (destroy ? new Error('discarded') : undefined));
  }
}

export class GuardedPool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #maxWaiting: number;
  /** connections that broke, and connects that failed or were refused */
  #errors = 0;

  constructor(options: pg.PoolConfig & PoolTimeouts, onConnectionError: (err: Error) => void) {
    this.#maxWaiting = options.size * WAITERS_PER_CONNECTION;
    this.#pool = new pg.Pool({
      ...options,
      max: options.size,
      connectionTimeoutMillis: options.connectMs,
      statement_timeout: options.statementMs,
      query_timeout: options.statementMs + 1000,
      idle_in_transaction_session_timeout: options.statementMs * 2,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      idleTimeoutMillis: 30_000,
    });
    // Idle clients' errors reach the pool, which drops the client.
    const broken = (err: Error) => {
      this.#errors++;
      onConnectionError(err);
    };
    this.#pool.on('error', broken);
    // Checked-out clients' errors reach this listener; the query in flight fails on its own.
    this.#pool.on('connect', (client) => client.on('error', broken));
  }

  /** A connection, or StoreUnavailableError when none can be had in time. */
  async rawConnect(): Promise<pg.PoolClient> {
    if (this.#pool.waitingCount >= this.#maxWaiting) {
      this.#errors++;
      throw new StoreUnavailableError('the database is saturated: too many requests are waiting for a connection');
    }
    try {
      return await this.#pool.connect();
    } catch (err) {
      this.#errors++;
      throw unavailable(err);
    }
  }

  /** Connections in use, idle and awaited now; errors since the pool opened. */
  stats(): PoolStats {
    const p = this.#pool;
    return { inUse: p.totalCount - p.idleCount, idle: p.idleCount, waiting: p.waitingCount, errors: this.#errors };
  }

  async connect(): Promise<PostgresPoolClient> {
    return new GuardedClient(await this.rawConnect(), this);
  }

  end(): Promise<void> {
    return this.#pool.end();
  }
}
