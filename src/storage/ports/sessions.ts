// End users' sign-in sessions.
import type { LoginSession } from '../../domain/session.ts';

export interface SessionStore {
  create(idHash: string, session: LoginSession): Promise<void>;
  /** The session if it exists and neither its absolute nor its idle end has passed. */
  findActive(idHash: string, now: Date): Promise<LoginSession | undefined>;
  touch(idHash: string, idleExpiresAt: Date): Promise<void>;
  delete(idHash: string): Promise<boolean>;
  /** Ends every session of the user (their password changed); returns how many. */
  deleteForUser(userId: string): Promise<number>;
  /** Deletes up to `limit` sessions whose absolute or idle end has passed; returns how many. */
  deleteExpired(now: Date, limit: number): Promise<number>;
}
