// End users of a tenant.
import type { NewUser, User } from '../../domain/user.ts';
import type { UserFilter, UserSort } from '../../domain/user-search.ts';

export interface UserListQuery {
  page: number;
  perPage: number;
  /** Auth0 user search, resolved (management/users/search); none lists every user */
  filter?: UserFilter;
  /** default: oldest first */
  sort?: UserSort;
}

export interface UserStore {
  create(user: NewUser): Promise<User>;
  findById(userId: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  /** Every user with this email, ignoring case (Auth0's users-by-email; one per connection). */
  listByEmail(email: string): Promise<User[]>;
  /** The stored argon2id hash, for sign-in; undefined if no such user. */
  passwordHash(userId: string): Promise<string | undefined>;
  list(query: UserListQuery): Promise<{ users: User[]; total: number }>;
  /** Replaces the profile fields (the service merges); false if the user is gone. */
  replace(user: User): Promise<boolean>;
  setPasswordHash(userId: string, hash: string): Promise<boolean>;
  /** A successful sign-in: logins_count + 1, last_login, last_ip. */
  recordLogin(userId: string, at: Date, ip?: string): Promise<void>;
  delete(userId: string): Promise<boolean>;
}
