// Authorization codes (RFC 6749 §4.1.2), stored under their SHA-256.
import type { AuthorizationCodeRecord } from '../../domain/grant.ts';

export interface AuthorizationCodeStore {
  create(codeHash: string, code: AuthorizationCodeRecord): Promise<void>;
  find(codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
  /** Marks the code used; true for exactly one caller, and only before it expires. */
  consume(codeHash: string, now: Date): Promise<boolean>;
  /** Deletes up to `limit` codes (used or not) that expired before `before`; returns how many. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}
