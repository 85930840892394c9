// Group commit for registrations: rows submitted while a commit is being prepared are written
// in one transaction, so concurrent registrations share one durable commit (one fsync on
// SQLite with synchronous=FULL) instead of paying one each. Each submission's rows land
// together or not at all, and its promise settles only after the commit: durable on resolve.
import type SqliteDatabase from 'better-sqlite3';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { Batcher, type Outcome } from './batcher.ts';
import { isConstraintViolation } from './errors.ts';
import { retryWhileBusy } from './sqlite-busy.ts';

const done: Outcome<void> = { ok: true, value: undefined };
const failed = (error: unknown): Outcome<void> => ({ ok: false, error });

/** Rows of one submission, per table, inserted atomically. */
export type RowSet = ReadonlyArray<
  { table: 'clients'; row: Insertable<Database['clients']> } | { table: 'tenant_logs'; row: Insertable<Database['tenant_logs']> }
>;

export interface GroupCommit {
  submit(rows: RowSet): Promise<void>;
  /** Told the size of each batch before it commits (metrics). */
  onBatch: ((size: number) => void) | undefined;
  /** Waits for what was submitted, then releases what the committer holds. */
  close(): Promise<void>;
}

/**
 * SQLite: the batch runs synchronously on the connection Kysely uses, while holding it (so it
 * never interleaves with a Kysely transaction). If a submission breaks a constraint, the batch
 * is rolled back and each submission is committed on its own, so that one fails alone; any
 * other failure (the database busy or unreachable) fails the whole batch once.
 */
export class SqliteGroupCommit extends Batcher<RowSet, void> implements GroupCommit {
  readonly #statements = new Map<string, { stmt: SqliteDatabase.Statement; columns: string[] }>();
  readonly #write: SqliteDatabase.Transaction<(batch: RowSet[]) => void>;

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
      const compiled = this.db
        .insertInto(table)
        .values(named as never)
        .compile();
      prepared = { stmt: this.sqlite.prepare(compiled.sql), columns: compiled.parameters as string[] };
      this.#statements.set(key, prepared);
    }
    prepared.stmt.run(prepared.columns.map((c) => (row as Record<string, unknown>)[c]));
  }

  /** BEGIN IMMEDIATE: while another process writes, the batch waits on a timer (sqlite-busy.ts). */
  async #attempt(batch: RowSet[]): Promise<Outcome<void>> {
    try {
      await retryWhileBusy(() => this.#write.immediate(batch));
      return done;
    } catch (err) {
      return failed(err);
    }
  }

  protected commit(batch: RowSet[]): Promise<Outcome<void>[]> {
    return this.db.connection().execute(async () => {
      const outcome = await this.#attempt(batch);
      if (outcome.ok || batch.length === 1 || !isConstraintViolation(outcome.error)) return batch.map(() => outcome);
      const outcomes: Outcome<void>[] = [];
      for (const rows of batch) outcomes.push(await this.#attempt([rows]));
      return outcomes;
    });
  }
}

/**
 * PostgreSQL: the whole batch is one statement, so one round trip and atomic on its own: the
 * rows travel as one JSON array per table and become rows of the table's own type
 * (json_populate_recordset), the clients inserted in a data-modifying WITH. The statement text
 * never changes with the batch size. If a submission breaks a constraint (which fails the whole
 * statement), each is retried on its own.
 */
export class PostgresGroupCommit extends Batcher<RowSet, void> implements GroupCommit {
  constructor(private readonly db: Kysely<Database>) {
    super();
  }

  async #write(batch: RowSet[]): Promise<void> {
    const clients = batch.flatMap((rows) => rows.filter((r) => r.table === 'clients').map((r) => r.row));
    const logs = batch.flatMap((rows) => rows.filter((r) => r.table === 'tenant_logs').map((r) => r.row));
    await sql`with new_clients as (
        insert into clients select * from json_populate_recordset(null::clients, ${JSON.stringify(clients)}::json)
      )
      insert into tenant_logs select * from json_populate_recordset(null::tenant_logs, ${JSON.stringify(logs)}::json)`.execute(this.db);
  }

  protected async commit(batch: RowSet[]): Promise<Outcome<void>[]> {
    try {
      await this.#write(batch);
      return batch.map(() => done);
    } catch (err) {
      if (batch.length === 1 || !isConstraintViolation(err)) return batch.map(() => failed(err));
    }
    return Promise.all(batch.map((rows) => this.#write([rows]).then(() => done, failed)));
  }
}
