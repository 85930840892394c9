// Small durable writes that arrive together (rate-limit buckets of concurrent registrations)
// run in one transaction, so they share one commit (one fsync on SQLite with synchronous=FULL)
// instead of paying one each. Each piece of work runs in turn, sees the writes of those before
// it, and its promise settles after the commit. A piece that throws rejects alone, so each must
// be atomic on its own (one statement, or reads after its one write).
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Work<T> = (db: Kysely<Database>) => Promise<T>;

interface Job {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export class WriteBatch {
  #queue: Job[] = [];
  #scheduled = false;

  constructor(private readonly db: Kysely<Database>) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    const jobs = this.#queue;
    this.#queue = [];
    this.#scheduled = false;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const job of jobs) {
          try {
            outcomes.push({ ok: true, value: await job.work(trx) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (err) {
      for (const job of jobs) job.reject(err);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}
