// The whole store: the stores of one tenant, the change feed, transactions.
import type { AttackProtectionStore } from './attack-protection.ts';
import type { AuthorizationCodeStore } from './authorization-codes.ts';
import type { ClientStore } from './clients.ts';
import type { ConnectionStore } from './connections.ts';
import type { ConsentStore } from './consents.ts';
import type { EmailProviderStore } from './email-providers.ts';
import type { UserTicketStore } from './user-tickets.ts';
import type { InitialAccessTokenStore } from './initial-access-tokens.ts';
import type { ClientAssertionStore } from './client-assertions.ts';
import type { LoginFailureStore } from './login-failures.ts';
import type { LogStore } from './logs.ts';
import type { OperatorSessionStore, OperatorStore } from './operators.ts';
import type { RateLimitStore } from './rate-limits.ts';
import type { RefreshTokenStore } from './refresh-tokens.ts';
import type { ClientGrantStore, ResourceServerStore } from './resource-servers.ts';
import type { RoleStore, UserAuthorizationStore } from './roles.ts';
import type { SessionStore } from './sessions.ts';
import type { SigningKeyStore } from './signing-keys.ts';
import type { TenantStore } from './tenants.ts';
import type { UserStore } from './users.ts';

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
  readonly attackProtection: AttackProtectionStore;
  readonly connections: ConnectionStore;
  readonly initialAccessTokens: InitialAccessTokenStore;
  /** jti values of used client assertions (private_key_jwt replay protection) */
  readonly clientAssertions: ClientAssertionStore;
  readonly emailProvider: EmailProviderStore;
  readonly userTickets: UserTicketStore;
  /** RBAC: roles with their permissions and members */
  readonly roles: RoleStore;
  /** RBAC: the roles and permissions users hold */
  readonly userAuthorization: UserAuthorizationStore;
  /**
   * Runs `fn` in one transaction over this same tenant's stores: everything it writes lands, or
   * nothing does, and the promise resolves once it is durable. `fn` must use only the stores it
   * is handed (on SQLite the one connection is held for it) and do no slow work. Concurrent
   * transactions may share one commit (SQLite); nested calls join the outer transaction.
   */
  transaction<T>(fn: (stores: TenantStores) => Promise<T>): Promise<T>;
}

/**
 * Whether data that caches hold (tenants, clients, APIs, client grants, signing keys, RBAC) may have
 * changed since a generation was read, here or in another instance on the same database.
 */
export interface ChangeFeed {
  /** A number that moves whenever cached data may have changed; equal means unchanged. */
  generation(): number;
  /** This process committed a change to cached data. */
  changed(): void;
  close(): Promise<void>;
}

/** A PostgreSQL pool's connections. */
export interface PoolStats {
  inUse: number;
  idle: number;
  waiting: number;
  /** since the pool opened: connections that broke, connects that failed or were refused */
  errors: number;
}

/** What the store can tell about its own work (metrics). */
export interface StorageStats {
  /** null on SQLite (one connection) */
  pool: PoolStats | null;
  /** the read cache of hot rows (clients, APIs, client grants, signing keys) */
  cache: { hits: number; misses: number };
}

/** Kinds of shared commits: registrations and log entries (group commit), small writes (write batch, SQLite). */
export type BatchKind = 'group_commit' | 'write_batch';

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
  stats(): StorageStats;
  /** `fn` is told the size of every shared commit from now on. */
  observeBatches(fn: (kind: BatchKind, size: number) => void): void;
  close(): Promise<void>;
}
