// Collects work submitted during one event-loop turn and hands it over as one batch, one batch
// at a time: what arrives while a batch commits forms the next one. Each submission's promise
// settles with its own outcome, after the batch's commit.
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Job<In, Out> {
  input: In;
  resolve(value: Out): void;
  reject(err: unknown): void;
}

/** Most submissions per batch. */
const MAX_BATCH = 256;

export abstract class Batcher<In, Out> {
  #queue: Job<In, Out>[] = [];
  #running = false;
  #drained: Array<() => void> = [];
  /** Told the size of each batch before it commits (metrics). */
  onBatch: ((size: number) => void) | undefined;

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        // After the I/O callbacks of this turn: requests parsed together commit together.
        setImmediate(() => void this.#drain());
      }
    });
  }

  /** Resolves once every submission so far has settled. */
  protected idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  async close(): Promise<void> {
    await this.idle();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length) {
      const taken = this.#queue.splice(0, MAX_BATCH);
      this.onBatch?.(taken.length);
      let outcomes: Outcome<Out>[];
      try {
        outcomes = await this.commit(taken.map((j) => j.input));
      } catch (error) {
        outcomes = taken.map(() => ({ ok: false, error }));
      }
      taken.forEach((job, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) job.resolve(outcome.value);
        else job.reject(outcome.error);
      });
    }
    this.#running = false;
    for (const resolve of this.#drained.splice(0)) resolve();
  }

  /** Commits the batch; the outcome of each submission, by index. Throwing fails them all. */
  protected abstract commit(batch: In[]): Promise<Outcome<Out>[]>;
}
