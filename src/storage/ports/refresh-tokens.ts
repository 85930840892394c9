// Refresh tokens (RFC 6749 §6), rotated; stored under their SHA-256.
import type { RefreshTokenRecord } from '../../domain/grant.ts';

export interface RefreshTokenStore {
  create(tokenHash: string, token: RefreshTokenRecord): Promise<void>;
  find(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Marks a live token rotated; true for exactly one caller. */
  markRotated(tokenHash: string, now: Date): Promise<boolean>;
  /** Revokes every token of the family; returns how many were live. */
  revokeFamily(familyId: string, now: Date): Promise<number>;
  /** Revokes every live token of the user (their password changed); returns how many. */
  revokeForUser(userId: string, now: Date): Promise<number>;
  /**
   * Revokes every live token of the user issued to the client (for `audience` only, when given;
   * null: tokens without an API); returns how many.
   */
  revokeForUserClient(userId: string, clientId: string, audience: string | null | undefined, now: Date): Promise<number>;
  /** When the user's latest refresh token from each of these clients was issued (a refresh rotates it). */
  lastIssued(userId: string, clientIds: readonly string[]): Promise<Map<string, Date>>;
  /** Deletes every token of the client (it is being deleted); returns how many. */
  deleteForClient(clientId: string): Promise<number>;
  /** Deletes up to `limit` tokens (live, rotated or revoked) that expired before `before`; returns how many. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}
