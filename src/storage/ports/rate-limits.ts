// Rate-limit buckets shared by every instance.

/** The outcome of taking one token from a bucket. */
export interface RateLimitDecision {
  allowed: boolean;
  /** whole seconds until a token is available again; 0 when allowed */
  retryAfterSeconds: number;
}

/**
 * Token buckets kept in the store, so that every instance sharing it enforces one limit.
 * `take` is atomic: concurrent takes from one bucket never hand out more than it holds.
 */
export interface RateLimitStore {
  /** Takes one token from `key` (capacity `burst`, refilled at `perSecond`); a new bucket starts full. */
  take(key: string, burst: number, perSecond: number): Promise<RateLimitDecision>;
  /** Forgets buckets untouched since `idleSinceMs` (epoch ms); returns how many. */
  prune(idleSinceMs: number): Promise<number>;
}
