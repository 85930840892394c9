// Opens the SQL database (embedded SQLite or PostgreSQL) and runs migrations.
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  type SqliteDatabase as KyselySqliteDatabase,
  type TransactionSettings,
} from 'kysely';
import fs from 'node:fs';
import pg from 'pg';
import type { Database } from './schema.ts';
import type { PoolStats } from '../ports.ts';
import { InlineMigrationProvider } from './migrations/index.ts';
import { GuardedPool, type PoolTimeouts } from './pg-pool.ts';
import { retryWhileBusy } from './sqlite-busy.ts';

export type { Dialect } from './migrations/migration.ts';
import type { Dialect } from './migrations/migration.ts';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** the connection Kysely uses (SQLite only), for group commit and its change counter */
  sqlite?: SqliteDatabase.Database;
  /** PostgreSQL only: for the connection that listens for changes */
  databaseUrl?: string;
  /** PostgreSQL only: the pool's connections now */
  poolStats?: () => PoolStats;
  destroy(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** PostgreSQL pool size and timeouts (defaults: DEFAULT_POOL) */
  pool?: Partial<PoolTimeouts>;
  /** a broken PostgreSQL connection (the request using it fails on its own) */
  onConnectionError?: (err: Error) => void;
}

export const DEFAULT_POOL: PoolTimeouts = { size: 10, connectMs: 3000, statementMs: 5000 };

// int8 (bigint) columns hold epoch milliseconds, well inside Number's exact range.
const PG_TYPES = {
  getTypeParser(oid: number, format?: any) {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'latchkey.sqlite');
}

/**
 * The database file and its companions are readable by their owner only. SQLite creates the
 * -wal and -shm files with the database file's mode, so the file is made 0600 before SQLite
 * opens it; files left by an older version are tightened.
 */
export function restrictSqliteFiles(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/**
 * Kysely's SqliteDialect prepares every query anew; the SQL text of a query built by the same
 * code is always the same (values are bound parameters), so statements are prepared once and
 * reused. Bounded, least recently used first out, since `in (?, ?, ...)` lists vary in length.
 * Reuse is safe: Kysely runs one query at a time on its single SQLite connection.
 */
export function cachingStatements(sqlite: SqliteDatabase.Database, max = 500): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql: string) {
      let stmt = statements.get(sql);
      if (stmt) {
        statements.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, stmt);
      return stmt;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

/**
 * SQLite transactions that may write begin IMMEDIATE: they take the write lock at BEGIN, waiting
 * on a timer (sqlite-busy.ts) while another process (another worker, the CLI) holds it. A DEFERRED one
 * that reads and then writes cannot wait: if another process committed after its first read,
 * its first write fails at once with SQLITE_BUSY_SNAPSHOT. A transaction marked read only
 * (an export's snapshot) begins DEFERRED and never blocks writers.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  #waiting: DatabaseConnection | undefined;

  /** The one connection, its statements retried while another process holds the lock (sqlite-busy.ts). */
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#waiting ??= {
      executeQuery: (query) => retryWhileBusy(() => connection.executeQuery(query)),
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
    return this.#waiting;
  }

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin' : 'begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

export function openDatabase(options: DatabaseOptions): OpenDatabase {
  if (options.databaseUrl) {
    const pool = new GuardedPool(
      { connectionString: options.databaseUrl, types: PG_TYPES as any, ...DEFAULT_POOL, ...options.pool },
      options.onConnectionError ?? (() => {}),
    );
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', databaseUrl: options.databaseUrl, poolStats: () => pool.stats(), destroy: () => db.destroy() };
  }
  const file = sqliteFile(options.dataDir);
  restrictSqliteFiles(file);
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Another process (another worker, the CLI) may hold the write lock briefly: statements wait
  // for it on a timer, not inside SQLite (sqlite-busy.ts).
  sqlite.pragma('busy_timeout = 0');
  // FULL: a committed transaction survives power loss, so a 201 means durable.
  sqlite.pragma('synchronous = FULL');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cachingStatements(sqlite) }) });
  return { db, dialect: 'sqlite', sqlite, destroy: () => db.destroy() };
}

export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: new InlineMigrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}
