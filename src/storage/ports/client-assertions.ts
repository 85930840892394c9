// The jti values of client assertions already used (RFC 7523 §3 item 7: the server may keep
// them to refuse replays), shared by every instance on one store.

export interface ClientAssertionStore {
  /**
   * Records `jti` as used by `clientId` until `expiresAt`. True for exactly one caller; false
   * when the pair is already recorded and not yet expired (a replay). Atomic on both stores.
   */
  use(clientId: string, jti: string, expiresAt: Date): Promise<boolean>;
  /** Deletes up to `limit` records that expired before `before`; returns how many. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}
