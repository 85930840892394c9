// Failed sign-in counts, for brute-force protection.

/** Whom a count is about, kept beside its key so that blocks can be listed and lifted (Auth0's user blocks). */
export interface FailureSubject {
  identifier: string;
  /** the client network counted (an IPv6 /64 as one); null when counted per identifier */
  ip: string | null;
  connection: string;
}

/** Consecutive failed sign-ins per key (an identifier, with or without a client network), for brute-force protection. */
export interface LoginFailureStore {
  /** When the key is blocked at `now` with at least `limit` failures counted (a raised threshold lifts blocks below it). */
  blockedUntil(keyHash: string, now: Date, limit?: number): Promise<Date | undefined>;
  /**
   * Counts one failure atomically; blocks the key for `blockMs` once `limit` is reached.
   * `blockedNow` is true for the one failure that reached the threshold, however many race.
   */
  recordFailure(
    keyHash: string,
    now: Date,
    limit: number,
    blockMs: number,
    subject?: FailureSubject,
  ): Promise<{ failures: number; blockedUntil?: Date; blockedNow: boolean }>;
  clear(keyHash: string): Promise<void>;
  /** Subjects of `identifier` blocked at `now` with at least `limit` failures. */
  listBlocked(identifier: string, now: Date, limit: number): Promise<FailureSubject[]>;
  /** Forgets every count of `identifier` (blocks included); returns how many. */
  clearIdentifier(identifier: string): Promise<number>;
  /** Deletes up to `limit` counts untouched since `before` and not blocking at `now`; returns how many. */
  deleteStale(before: Date, now: Date, limit: number): Promise<number>;
}
