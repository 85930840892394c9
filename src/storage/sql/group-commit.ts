// Group commit for registrations: rows submitted while a commit is being prepared are written
// in one transaction, so concurrent registrations share one durable commit (one fsync on
// SQLite with synchronous=FULL) instead of paying one each. Each submission's rows land
// together or not at all, and its promise settles only after the commit: durable on resolve.
import type SqliteDatabase from 'better-sqlite3';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A constraint refused one submission's rows (SQLite SQLITE_CONSTRAINT_*, PostgreSQL class 23):
 * only then is a failed batch retried one submission at a time. Any other failure (the database
 * busy or unreachable) fails the whole batch at once instead of being met once per submission.
 */
function isConstraintViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code));
}

/** Rows of one submission, per table, inserted atomically. */
export type RowSet = ReadonlyArray<{ table: 'clients'; row: Insertable<Database['clients']> } | { table: 'tenant_logs'; row: Insertable<Database['tenant_logs']> }>;

export interface GroupCommit {
  submit(rows: RowSet): Promise<void>;
  /** Waits for what was submitted, then releases what the committer holds. */
  close(): Promise<void>;
}

interface Job {
  rows: RowSet;
  resolve(): void;
  reject(err: unknown): void;
}

/** Most submissions per transaction. */
const MAX_BATCH = 256;

abstract class Batcher implements GroupCommit {
  #queue: Job[] = [];
  #running = false;
  #drained: Array<() => void> = [];

  /** Resolves once every submission so far has settled. */
  protected idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  async close(): Promise<void> {
    await this.idle();
  }

  submit(rows: RowSet): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ rows, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        // After the I/O callbacks of this turn: requests parsed together commit together.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length) {
      const taken = this.#queue.splice(0, MAX_BATCH);
      let errors: Array<unknown | undefined>;
      try {
        errors = await this.commit(taken.map((j) => j.rows));
      } catch (err) {
        errors = taken.map(() => err);
      }
      taken.forEach((job, i) => (errors[i] === undefined ? job.resolve() : job.reject(errors[i])));
    }
    this.#running = false;
    for (const resolve of this.#drained.splice(0)) resolve();
  }

  /** Writes the submissions in one transaction; the error of each one that failed, by index. */
  protected abstract commit(batch: RowSet[]): Promise<Array<unknown | undefined>>;
}

/**
 * SQLite: the batch runs synchronously on the connection Kysely uses, while holding it (so it
 * never interleaves with a Kysely transaction). If a submission breaks a constraint, the batch
 * is rolled back and each submission is committed on its own, so that one fails alone.
 */
export class SqliteGroupCommit extends Batcher {
  readonly #statements = new Map<string, { stmt: SqliteDatabase.Statement; columns: string[] }>();
  readonly #write: (batch: RowSet[]) => void;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly sqlite: SqliteDatabase.Database,
  ) {
    super();
    this.#write = sqlite.transaction((batch: RowSet[]) => {
      for (const rows of batch) for (const { table, row } of rows) this.#insert(table, row);
    });
  }

  /** The insert statement for this table and column list, compiled by Kysely once. */
  #insert(table: RowSet[number]['table'], row: object): void {
    const columns = Object.keys(row);
    const key = `${table}(${columns.join(',')})`;
    let prepared = this.#statements.get(key);
    if (!prepared) {
      // Compiling a row whose values are its column names gives the parameter order.
      const named = Object.fromEntries(columns.map((c) => [c, c]));
      const compiled = this.db.insertInto(table).values(named as never).compile();
      prepared = { stmt: this.sqlite.prepare(compiled.sql), columns: compiled.parameters as string[] };
      this.#statements.set(key, prepared);
    }
    prepared.stmt.run(prepared.columns.map((c) => (row as Record<string, unknown>)[c]));
  }

  #attempt(batch: RowSet[]): unknown | undefined {
    try {
      this.#write(batch);
      return undefined;
    } catch (err) {
      return err;
    }
  }

  protected commit(batch: RowSet[]): Promise<Array<unknown | undefined>> {
    return this.db.connection().execute(async () => {
      const failed = this.#attempt(batch);
      if (failed === undefined) return batch.map(() => undefined);
      if (batch.length === 1 || !isConstraintViolation(failed)) return batch.map(() => failed);
      return batch.map((rows) => this.#attempt([rows]));
    });
  }
}

/**
 * PostgreSQL: one transaction with one multi-row insert per table. If a submission breaks a
 * constraint (which fails the whole statement), each is retried in its own transaction.
 */
export class PostgresGroupCommit extends Batcher {
  constructor(private readonly db: Kysely<Database>) {
    super();
  }

  async #write(db: Kysely<Database>, batch: RowSet[]): Promise<void> {
    const clients = batch.flatMap((rows) => rows.filter((r) => r.table === 'clients').map((r) => r.row as Insertable<Database['clients']>));
    const logs = batch.flatMap((rows) => rows.filter((r) => r.table === 'tenant_logs').map((r) => r.row as Insertable<Database['tenant_logs']>));
    await db.transaction().execute(async (trx) => {
      if (clients.length) await trx.insertInto('clients').values(clients).execute();
      if (logs.length) await trx.insertInto('tenant_logs').values(logs).execute();
    });
  }

  protected async commit(batch: RowSet[]) {
    try {
      await this.#write(this.db, batch);
      return batch.map(() => undefined);
    } catch (err) {
      if (batch.length === 1 || !isConstraintViolation(err)) return batch.map(() => err);
    }
    return Promise.all(
      batch.map((rows) =>
        this.#write(this.db, [rows]).then(
          () => undefined,
          (err: unknown) => err,
        ),
      ),
    );
  }
}
