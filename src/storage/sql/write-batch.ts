// Small durable writes that arrive together (rate-limit buckets of concurrent registrations)
// run in one transaction, so they share one commit (one fsync on SQLite with synchronous=FULL)
// instead of paying one each. Each piece of work runs in turn, sees the writes of those before
// it, and its promise settles after the commit. A piece that throws rejects alone, so each must
// be atomic on its own (one statement, or reads after its one write).
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { Batcher, type Outcome } from './batcher.ts';

type Work<T> = (db: Kysely<Database>) => Promise<T>;

export class WriteBatch extends Batcher<Work<unknown>, unknown> {
  constructor(private readonly db: Kysely<Database>) {
    super();
  }

  run<T>(work: Work<T>): Promise<T> {
    return this.submit(work) as Promise<T>;
  }

  protected async commit(batch: Work<unknown>[]): Promise<Outcome<unknown>[]> {
    const outcomes: Outcome<unknown>[] = [];
    await this.db.transaction().execute(async (trx) => {
      for (const work of batch) {
        try {
          outcomes.push({ ok: true, value: await work(trx) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
    return outcomes;
  }
}
