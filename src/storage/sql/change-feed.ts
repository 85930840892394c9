// Tells caches when what they hold may have changed, in this process or in another one on the
// same database. Readers compare generations: an entry read under an older one is stale.
//
// SQLite: `PRAGMA data_version` changes when another connection (another instance, the CLI)
// commits; this process reports its own commits with changed().
// PostgreSQL: triggers on the cached tables NOTIFY `latchkey_changes` (migration 0007); a
// dedicated connection LISTENs. While it is not listening, every call returns a new
// generation, so nothing is served from a cache that could miss a change.
import type SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { ChangeFeed } from '../ports.ts';

export const CHANGES_CHANNEL = 'latchkey_changes';

/**
 * The counter is read at most once per event-loop turn (a statement costs more than serving a
 * cached document): a change another process commits is seen from the next turn on, within
 * milliseconds even under load.
 */
export class SqliteChangeFeed implements ChangeFeed {
  readonly #dataVersion: SqliteDatabase.Statement;
  #seen: number | undefined;
  #generation = 0;
  #readThisTurn = false;
  readonly #nextTurn = () => {
    this.#readThisTurn = false;
  };

  constructor(sqlite: SqliteDatabase.Database) {
    this.#dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  }

  generation(): number {
    if (this.#readThisTurn) return this.#generation;
    this.#readThisTurn = true;
    setImmediate(this.#nextTurn);
    const version = this.#dataVersion.get() as number;
    if (version !== this.#seen) {
      this.#seen = version;
      this.#generation++;
    }
    return this.#generation;
  }

  changed(): void {
    this.#generation++;
  }

  async close(): Promise<void> {}
}

const RETRY_MS = [250, 1000, 5000, 15_000];

export class PostgresChangeFeed implements ChangeFeed {
  #generation = 0;
  #listening = false;
  #client: pg.Client | null = null;
  #connecting: Promise<void> | null = null;
  #retry: NodeJS.Timeout | null = null;
  #failures = 0;
  #closed = false;

  constructor(private readonly connectionString: string) {}

  generation(): number {
    if (this.#listening) return this.#generation;
    this.#listen();
    return ++this.#generation;
  }

  changed(): void {
    this.#generation++;
  }

  /** Starts listening (once); on any failure the feed reports "changed" until it listens again. */
  #listen(): void {
    if (this.#connecting || this.#retry || this.#closed) return;
    // Keepalive: a listener whose server vanished without closing the socket is noticed.
    const client = new pg.Client({
      connectionString: this.connectionString,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5000,
    });
    this.#client = client;
    const lost = () => {
      if (this.#client !== client) return;
      this.#listening = false;
      this.#client = null;
      this.#generation++;
      client.end().catch(() => {});
      if (this.#closed) return;
      const delay = RETRY_MS[Math.min(this.#failures++, RETRY_MS.length - 1)]!;
      this.#retry = setTimeout(() => {
        this.#retry = null;
        this.#listen();
      }, delay);
      this.#retry.unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => {
      this.#generation++;
    });
    this.#connecting = (async () => {
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANGES_CHANNEL}`);
        if (this.#client !== client) return;
        this.#failures = 0;
        // Whatever changed before LISTEN took effect is covered by this bump.
        this.#generation++;
        this.#listening = true;
      } catch {
        lost();
      } finally {
        this.#connecting = null;
      }
    })();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    await this.#connecting;
    const client = this.#client;
    this.#client = null;
    this.#listening = false;
    await client?.end().catch(() => {});
  }
}
