// Initial access tokens (RFC 7591 §3), stored under their SHA-256.
import type { InitialAccessToken, NewInitialAccessToken } from '../../domain/initial-access-token.ts';

export interface InitialAccessTokenStore {
  create(token: NewInitialAccessToken): Promise<InitialAccessToken>;
  /** Oldest first. */
  list(): Promise<InitialAccessToken[]>;
  findByHash(tokenHash: string): Promise<InitialAccessToken | undefined>;
  /**
   * Counts one use of the token if it is still usable at `now` (not expired, uses left), in one
   * conditional update: however many registrations race, at most max_uses succeed. Returns the
   * token's id, or undefined when it is unknown, expired or used up.
   */
  consume(tokenHash: string, now: Date): Promise<string | undefined>;
  /** Revokes (deletes) the token; false if there was none. */
  delete(id: string): Promise<boolean>;
  /** Deletes up to `limit` tokens that expired before `before` (the periodic clean-up); how many went. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}
