// End users of a tenant.
import type { NewUser, User } from '../../domain/user.ts';

export interface UserListQuery {
  page: number;
  perPage: number;
  /** case-insensitive substring of email, or exact user_id */
  search?: string;
}

export interface UserStore {
  create(user: NewUser): Promise<User>;
  findById(userId: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  /** The stored argon2id hash, for sign-in; undefined if no such user. */
  passwordHash(userId: string): Promise<string | undefined>;
  list(query: UserListQuery): Promise<{ users: User[]; total: number }>;
  /** Replaces the profile fields (the service merges); false if the user is gone. */
  replace(user: User): Promise<boolean>;
  setPasswordHash(userId: string, hash: string): Promise<boolean>;
  recordLogin(userId: string, at: Date): Promise<void>;
  delete(userId: string): Promise<boolean>;
}
