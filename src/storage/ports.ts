// Narrow stores named in protocol terms. Services depend on these, never on SQL.
import type { Client, NewClient } from '../domain/client.ts';
import type { ClientGrant, NewClientGrant, NewResourceServer, ResourceServer } from '../domain/resource-server.ts';
import type { Tenant, TenantSettings } from '../domain/tenant.ts';
import type { NewUser, User } from '../domain/user.ts';
import type { Connection, NewConnection } from '../domain/connection.ts';

/** A unique constraint refused the write (e.g. a tenant name or API identifier already taken). */
export class DuplicateError extends Error {
  constructor(readonly what: string) {
    super(`${what} already exists`);
    this.name = 'DuplicateError';
  }
}

/**
 * The store cannot answer now: unreachable, too slow or saturated. Not the caller's mistake and
 * not a bug: surfaces answer 503 in their own error family and the caller may retry.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreUnavailableError';
  }
}

export interface NewTenant {
  id: string;
  name: string;
  domain: string;
  isDefault: boolean;
  settings: TenantSettings;
}

export interface TenantStore {
  create(tenant: NewTenant): Promise<Tenant>;
  findById(id: string): Promise<Tenant | undefined>;
  findByDomain(domain: string): Promise<Tenant | undefined>;
  findByName(name: string): Promise<Tenant | undefined>;
  findDefault(): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
  /**
   * Applies `change` to the current settings atomically: concurrent updates (also from other
   * instances) each see the others' results, none is lost. `change` may run more than once.
   * The new settings, or undefined if there is no such tenant.
   */
  updateSettings(id: string, change: (current: TenantSettings) => TenantSettings): Promise<TenantSettings | undefined>;
  updateDomain(id: string, domain: string): Promise<void>;
}

export interface SigningKeyRecord {
  kid: string;
  alg: 'RS256';
  publicJwk: Record<string, unknown>;
  /** PKCS#8 PEM, decrypted */
  privateKeyPem: string;
  status: 'current' | 'next' | 'retired';
  createdAt: Date;
}

export interface SigningKeyStore {
  create(key: Omit<SigningKeyRecord, 'createdAt'>): Promise<void>;
  list(): Promise<SigningKeyRecord[]>;
  /** "kid:status" of every key, oldest first: tells whether loaded keys are still the stored ones */
  versions(): Promise<string[]>;
  /** Adds x5c/x5t to the key's public JWK unless it has a certificate already; true if this call added it. */
  addCertificate(kid: string, members: { x5c: string[]; x5t: string }): Promise<boolean>;
}

export interface ClientListQuery {
  page: number;
  perPage: number;
  isFirstParty?: boolean;
  appTypes?: string[];
  /** case-insensitive substring of name, or exact client_id */
  search?: string;
}

export interface ClientStore {
  create(client: NewClient): Promise<Client>;
  findById(clientId: string): Promise<Client | undefined>;
  list(query: ClientListQuery): Promise<{ clients: Client[]; total: number }>;
  /** Replaces the stored client with `client` (the service merges); false if it is gone. */
  replace(client: Client): Promise<boolean>;
  delete(clientId: string): Promise<boolean>;
  /**
   * Stores a client together with its audit entry, atomically (dynamic registration); durable
   * when the promise resolves. Concurrent calls may share one commit (group commit).
   */
  createWithAudit(client: NewClient, audit: NewLogEntry): Promise<Client>;
}

export interface ResourceServerStore {
  create(rs: NewResourceServer): Promise<ResourceServer>;
  findById(id: string): Promise<ResourceServer | undefined>;
  findByIdentifier(identifier: string): Promise<ResourceServer | undefined>;
  list(page: number, perPage: number): Promise<{ items: ResourceServer[]; total: number }>;
  replace(rs: ResourceServer): Promise<boolean>;
  /**
   * Moves an API to a new identifier together with the client grants naming it (identifiers
   * are immutable for tenant owners; the system API follows the tenant's issuer).
   */
  changeIdentifier(id: string, identifier: string): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export interface ClientGrantStore {
  create(grant: NewClientGrant): Promise<ClientGrant>;
  findById(id: string): Promise<ClientGrant | undefined>;
  findFor(clientId: string, audience: string): Promise<ClientGrant | undefined>;
  list(filter: { clientId?: string; audience?: string }): Promise<ClientGrant[]>;
  replace(grant: ClientGrant): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  deleteForClient(clientId: string): Promise<number>;
}

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

export interface ConnectionStore {
  /** Creates the connection unless one with its name exists; returns the stored one. */
  ensure(connection: NewConnection): Promise<Connection>;
  findById(id: string): Promise<Connection | undefined>;
  list(): Promise<Connection[]>;
  setEnabledClients(id: string, clientIds: string[]): Promise<boolean>;
}

export interface LogEntry {
  id: string;
  type: string;
  description: string;
  ip: string | null;
  userAgent: string | null;
  clientId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

export type NewLogEntry = Omit<LogEntry, 'id' | 'createdAt'>;

export interface LogPageQuery {
  page: number;
  perPage: number;
  /** any of these types; all types when absent */
  types?: string[];
  clientId?: string;
}

export interface LogStore {
  append(entry: NewLogEntry): Promise<LogEntry>;
  list(query: { type?: string; limit: number }): Promise<LogEntry[]>;
  /** Newest first, offset-paged, with the total of matching entries. */
  page(query: LogPageQuery): Promise<{ entries: LogEntry[]; total: number }>;
  /** Deletes up to `limit` entries created before `before`, oldest first; returns how many. */
  deleteOlderThan(before: Date, limit: number): Promise<number>;
}

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

export interface Operator {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
}

export interface OperatorStore {
  create(op: { id: string; email: string; passwordHash: string }): Promise<Operator>;
  findByEmail(email: string): Promise<Operator | undefined>;
  findById(id: string): Promise<Operator | undefined>;
  grantTenant(operatorId: string, tenantId: string, role: 'owner'): Promise<void>;
  tenantIds(operatorId: string): Promise<string[]>;
  /** Operators who own the tenant. */
  ownerIds(tenantId: string): Promise<string[]>;
}

/** A signed-in dashboard browser; like LoginSession, stored under the SHA-256 of its cookie. */
export interface OperatorSession {
  operatorId: string;
  createdAt: Date;
  /** absolute end */
  expiresAt: Date;
  /** idle end, pushed forward on use */
  idleExpiresAt: Date;
}

export interface OperatorSessionStore {
  create(idHash: string, session: OperatorSession): Promise<void>;
  /** The session if neither its absolute nor its idle end has passed. */
  findActive(idHash: string, now: Date): Promise<OperatorSession | undefined>;
  touch(idHash: string, idleExpiresAt: Date): Promise<void>;
  delete(idHash: string): Promise<boolean>;
  /** Forgets sessions whose absolute or idle end has passed; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

/** A signed-in browser (store-backed; the cookie value is stored only as its SHA-256). */
export interface LoginSession {
  /** public session id, the ID token's `sid` */
  sid: string;
  userId: string;
  /** when the user last entered their password */
  authTime: Date;
  createdAt: Date;
  /** absolute end (tenant session_lifetime) */
  expiresAt: Date;
  /** idle end (tenant idle_session_lifetime), pushed forward on use */
  idleExpiresAt: Date;
}

export interface SessionStore {
  create(idHash: string, session: LoginSession): Promise<void>;
  /** The session if it exists and neither its absolute nor its idle end has passed. */
  findActive(idHash: string, now: Date): Promise<LoginSession | undefined>;
  touch(idHash: string, idleExpiresAt: Date): Promise<void>;
  delete(idHash: string): Promise<boolean>;
  /** Deletes up to `limit` sessions whose absolute or idle end has passed; returns how many. */
  deleteExpired(now: Date, limit: number): Promise<number>;
}

/** What an authorization code stands for (RFC 6749 §4.1.2); stored under the code's SHA-256. */
export interface AuthorizationCodeRecord {
  clientId: string;
  userId: string;
  redirectUri: string;
  /** RFC 6749 §4.1.3: redirect_uri must be repeated at the token endpoint when it was sent */
  redirectUriSent: boolean;
  scopes: string[];
  /** API identifier, or null for a /userinfo-only grant */
  audience: string | null;
  nonce?: string;
  /** RFC 7636, S256 only */
  codeChallenge?: string;
  sid: string;
  /** seconds since the epoch */
  authTime: number;
  /** refresh-token family this code may start; revoked when the code is replayed */
  familyId: string;
  expiresAt: Date;
  consumedAt?: Date;
}

export interface AuthorizationCodeStore {
  create(codeHash: string, code: AuthorizationCodeRecord): Promise<void>;
  find(codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
  /** Marks the code used; true for exactly one caller, and only before it expires. */
  consume(codeHash: string, now: Date): Promise<boolean>;
  /** Deletes up to `limit` codes (used or not) that expired before `before`; returns how many. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}

export interface RefreshTokenRecord {
  familyId: string;
  clientId: string;
  userId: string;
  audience: string | null;
  scopes: string[];
  sid?: string;
  authTime: number;
  createdAt: Date;
  expiresAt: Date;
  /** set once the token was exchanged for its successor */
  rotatedAt?: Date;
  revokedAt?: Date;
}

export interface RefreshTokenStore {
  create(tokenHash: string, token: RefreshTokenRecord): Promise<void>;
  find(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Marks a live token rotated; true for exactly one caller. */
  markRotated(tokenHash: string, now: Date): Promise<boolean>;
  /** Revokes every token of the family; returns how many were live. */
  revokeFamily(familyId: string, now: Date): Promise<number>;
  /** Deletes up to `limit` tokens (live, rotated or revoked) that expired before `before`; returns how many. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}

/** A user's decision to let a client act for them at one audience (Auth0 "user grant"). */
export interface ConsentStore {
  find(userId: string, clientId: string, audience: string): Promise<string[] | undefined>;
  /** Adds scopes to the stored grant (creating it). */
  grant(userId: string, clientId: string, audience: string, scopes: string[]): Promise<void>;
}

/** Consecutive failed sign-ins per (account, IP) key, for brute-force protection. */
export interface LoginFailureStore {
  blockedUntil(keyHash: string, now: Date): Promise<Date | undefined>;
  /** Counts one failure atomically; blocks the key for `blockMs` once `limit` is reached. */
  recordFailure(keyHash: string, now: Date, limit: number, blockMs: number): Promise<{ failures: number; blockedUntil?: Date }>;
  clear(keyHash: string): Promise<void>;
  /** Deletes up to `limit` counts untouched since `before` and not blocking at `now`; returns how many. */
  deleteStale(before: Date, now: Date, limit: number): Promise<number>;
}

/** The stores of one tenant; every query they make is scoped to it. */
export interface TenantStores {
  readonly tenantId: string;
  readonly clients: ClientStore;
  readonly resourceServers: ResourceServerStore;
  readonly clientGrants: ClientGrantStore;
  readonly signingKeys: SigningKeyStore;
  readonly logs: LogStore;
  readonly users: UserStore;
  readonly rateLimits: RateLimitStore;
  readonly sessions: SessionStore;
  readonly authorizationCodes: AuthorizationCodeStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly consents: ConsentStore;
  readonly loginFailures: LoginFailureStore;
  readonly connections: ConnectionStore;
  /**
   * Runs `fn` in one transaction over this same tenant's stores: everything it writes lands, or
   * nothing does, and the promise resolves once it is durable. `fn` must use only the stores it
   * is handed (on SQLite the one connection is held for it) and do no slow work. Concurrent
   * transactions may share one commit (SQLite); nested calls join the outer transaction.
   */
  transaction<T>(fn: (stores: TenantStores) => Promise<T>): Promise<T>;
}

/**
 * Whether data that caches hold (tenants, clients, APIs, client grants, signing keys) may have
 * changed since a generation was read, here or in another instance on the same database.
 */
export interface ChangeFeed {
  /** A number that moves whenever cached data may have changed; equal means unchanged. */
  generation(): number;
  /** This process committed a change to cached data. */
  changed(): void;
  close(): Promise<void>;
}

export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  readonly changes: ChangeFeed;
  readonly tenants: TenantStore;
  readonly operators: OperatorStore;
  readonly operatorSessions: OperatorSessionStore;
  forTenant(tenantId: string): TenantStores;
  /** Runs `fn` in one transaction: everything it writes lands, or nothing does. */
  transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
