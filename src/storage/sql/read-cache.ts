// A read-through cache for the rows hot endpoints read on every request (a client at the token
// endpoint, an API and its client grant). An entry is served only while the change feed's
// generation is the one it was read under, so a change made here or by another instance is
// never served stale after the feed reports it. Values are frozen: they are shared by requests.
import type { ChangeFeed } from '../ports.ts';

interface Entry {
  generation: number;
  value: unknown;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class ReadCache {
  readonly #entries = new Map<string, Entry>();
  /** reads served from the cache, and reads that went to the store */
  readonly counts = { hits: 0, misses: 0 };

  constructor(
    private readonly feed: ChangeFeed,
    /** entries kept at most; the oldest go first (a flood of distinct ids cannot grow memory) */
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached value for `key`, or `load()`'s. Absent rows are not cached. */
  async through<V extends object>(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    // Read before loading: a change committed while the row is read makes the entry stale.
    const generation = this.feed.generation();
    const hit = this.#entries.get(key);
    if (hit && hit.generation === generation) {
      this.counts.hits++;
      return hit.value as V;
    }
    this.counts.misses++;
    const value = await load();
    if (value === undefined) {
      this.#entries.delete(key);
      return undefined;
    }
    if (!hit && this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { generation, value: deepFreeze(value) });
    return value;
  }
}
