// Failed sign-in counts, for brute-force protection.

/** Consecutive failed sign-ins per (account, IP) key, for brute-force protection. */
export interface LoginFailureStore {
  blockedUntil(keyHash: string, now: Date): Promise<Date | undefined>;
  /** Counts one failure atomically; blocks the key for `blockMs` once `limit` is reached. */
  recordFailure(keyHash: string, now: Date, limit: number, blockMs: number): Promise<{ failures: number; blockedUntil?: Date }>;
  clear(keyHash: string): Promise<void>;
  /** Deletes up to `limit` counts untouched since `before` and not blocking at `now`; returns how many. */
  deleteStale(before: Date, now: Date, limit: number): Promise<number>;
}
