// The outbound fetcher's in-process cache: answers kept for their Cache-Control max-age
// (RFC 9111 §5.2.2.1), clamped so that a remote server can neither make us fetch on every
// request nor pin an answer for days; concurrent misses for one key share one fetch.

export const MIN_TTL_MS = 5 * 60_000;
export const MAX_TTL_MS = 24 * 60 * 60_000;
/** Entries kept at most; beyond it the oldest go first. */
const MAX_ENTRIES = 10_000;

/** How long an answer with this Cache-Control header is kept: max-age clamped to [5 min, 24 h]. */
export function maxAgeMs(cacheControl: string | undefined): number {
  const m = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,10})"?\s*(?:,|$)/i.exec(cacheControl ?? '');
  const seconds = m ? Number(m[1]) : 0;
  return Math.min(MAX_TTL_MS, Math.max(MIN_TTL_MS, seconds * 1000));
}

export class FetchCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<V>>();

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Runs `load` unless a load for `key` is already running; stores its value for its ttl. */
  once(key: string, load: () => Promise<{ value: V; ttlMs: number }>): Promise<V> {
    const running = this.pending.get(key);
    if (running) return running;
    const promise = load()
      .then(({ value, ttlMs }) => {
        this.entries.delete(key);
        if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }
}
