// The SQL implementation of Storage, shared by SQLite and PostgreSQL.
import { sql, type Kysely } from 'kysely';
import type { SecretBox } from '../secret-box.ts';
import type { BatchKind, ChangeFeed, Storage, StorageStats, TenantStores } from '../ports.ts';
import type { Database } from './schema.ts';
import type { Dialect, OpenDatabase } from './database.ts';
import { TenantScope, type ScopeHooks } from './tenant-scope.ts';
import { ReadCache } from './read-cache.ts';
import { PostgresChangeFeed, SqliteChangeFeed } from './change-feed.ts';
import { PostgresGroupCommit, SqliteGroupCommit, type GroupCommit } from './group-commit.ts';
import { WriteBatch } from './write-batch.ts';
import { SqlTenantStore } from './stores/tenants.ts';
import { SqlOperatorStore } from './stores/operators.ts';
import { SqlOperatorSessionStore } from './stores/operator-sessions.ts';
import { SqlClientStore } from './stores/clients.ts';
import { SqlClientGrantStore, SqlResourceServerStore } from './stores/resource-servers.ts';
import { SqlSigningKeyStore } from './stores/signing-keys.ts';
import { SqlLogStore } from './stores/logs.ts';
import { SqlUserStore } from './stores/users.ts';
import { SqlRateLimitStore } from './stores/rate-limits.ts';
import { SqlSessionStore } from './stores/sessions.ts';
import { SqlAuthorizationCodeStore } from './stores/authorization-codes.ts';
import { SqlRefreshTokenStore } from './stores/refresh-tokens.ts';
import { SqlConsentStore } from './stores/consents.ts';
import { SqlAttackProtectionStore } from './stores/attack-protection.ts';
import { SqlLoginFailureStore } from './stores/login-failures.ts';
import { SqlConnectionStore } from './stores/connections.ts';
import { SqlInitialAccessTokenStore } from './stores/initial-access-tokens.ts';
import { SqlClientAssertionStore } from './stores/client-assertions.ts';
import { SqlEmailProviderStore } from './stores/email-providers.ts';
import { SqlUserTicketStore } from './stores/user-tickets.ts';
import { SqlRoleStore, SqlUserAuthorizationStore } from './stores/roles.ts';

interface Shared {
  db: Kysely<Database>;
  dialect: Dialect;
  box: SecretBox;
  changes: ChangeFeed;
  stats(): StorageStats;
  observeBatches(fn: (kind: BatchKind, size: number) => void): void;
}

/** What differs between the root storage and one inside a transaction. */
interface Mode extends ScopeHooks {
  groupCommit: GroupCommit | null;
}

/** Stores of one tenant are stateless: the root storage keeps them instead of building them per request. */
const MAX_MEMOIZED_TENANTS = 10_000;

export class SqlStorage implements Storage {
  readonly tenants: SqlTenantStore;
  readonly operators: SqlOperatorStore;
  readonly operatorSessions: SqlOperatorSessionStore;
  readonly #byTenant = new Map<string, TenantStores>();

  private constructor(
    private readonly shared: Shared,
    private readonly mode: Mode,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.tenants = new SqlTenantStore(shared.db, () => mode.changed());
    this.operators = new SqlOperatorStore(shared.db);
    this.operatorSessions = new SqlOperatorSessionStore(shared.db);
  }

  get dialect(): Dialect {
    return this.shared.dialect;
  }

  get changes(): ChangeFeed {
    return this.shared.changes;
  }

  static fromOpen(open: OpenDatabase, box: SecretBox): SqlStorage {
    const changes = open.sqlite ? new SqliteChangeFeed(open.sqlite) : new PostgresChangeFeed(open.databaseUrl!);
    const groupCommit = open.sqlite ? new SqliteGroupCommit(open.db, open.sqlite) : new PostgresGroupCommit(open.db);
    // PostgreSQL commits concurrent transactions together by itself; SQLite has one writer.
    const writeBatch = open.sqlite ? new WriteBatch(open.db) : null;
    const cache = new ReadCache(changes);
    const mode: Mode = { cache, changed: () => changes.changed(), groupCommit, writeBatch };
    const stats = () => ({ pool: open.poolStats?.() ?? null, cache: { ...cache.counts } });
    const observeBatches = (fn: (kind: BatchKind, size: number) => void) => {
      groupCommit.onBatch = (size) => fn('group_commit', size);
      if (writeBatch) writeBatch.onBatch = (size) => fn('write_batch', size);
    };
    return new SqlStorage({ db: open.db, dialect: open.dialect, box, changes, stats, observeBatches }, mode, async () => {
      await groupCommit.close();
      await writeBatch?.close();
      await changes.close();
      await open.destroy();
    });
  }

  forTenant(tenantId: string): TenantStores {
    let stores = this.#byTenant.get(tenantId);
    if (!stores) {
      stores = this.buildStores(tenantId);
      if (this.#byTenant.size >= MAX_MEMOIZED_TENANTS) this.#byTenant.clear();
      this.#byTenant.set(tenantId, stores);
    }
    return stores;
  }

  private buildStores(tenantId: string): TenantStores {
    const { db, box } = this.shared;
    const scope = new TenantScope(db, tenantId, this.mode);
    return {
      tenantId,
      clients: new SqlClientStore(scope, box, this.mode.groupCommit),
      resourceServers: new SqlResourceServerStore(scope),
      clientGrants: new SqlClientGrantStore(scope),
      signingKeys: new SqlSigningKeyStore(scope, box),
      logs: new SqlLogStore(scope, this.mode.groupCommit),
      users: new SqlUserStore(scope, this.shared.dialect),
      rateLimits: new SqlRateLimitStore(scope),
      sessions: new SqlSessionStore(scope),
      authorizationCodes: new SqlAuthorizationCodeStore(scope),
      refreshTokens: new SqlRefreshTokenStore(scope),
      consents: new SqlConsentStore(scope),
      loginFailures: new SqlLoginFailureStore(scope),
      attackProtection: new SqlAttackProtectionStore(scope, this.shared.dialect),
      connections: new SqlConnectionStore(scope),
      initialAccessTokens: new SqlInitialAccessTokenStore(scope),
      clientAssertions: new SqlClientAssertionStore(scope),
      emailProvider: new SqlEmailProviderStore(scope, box),
      userTickets: new SqlUserTicketStore(scope),
      roles: new SqlRoleStore(scope),
      userAuthorization: new SqlUserAuthorizationStore(scope),
      transaction: (fn) => this.tenantTransaction(tenantId, fn),
    };
  }

  /**
   * TenantStores.transaction. On SQLite it joins the write batch, so that concurrent code
   * exchanges still share one durable commit; a savepoint makes each atomic within the batch.
   * On PostgreSQL it is a transaction of its own at READ COMMITTED, whatever the server's
   * default: a conditional UPDATE that meets a row another transaction changed waits for it and
   * then re-checks its condition against the committed row (a losing CodeStore.consume answers
   * false instead of failing with a serialization error), and each later statement sees what
   * committed before it began. Like `transaction`: caches bypassed, changes reported after commit.
   */
  private async tenantTransaction<T>(tenantId: string, fn: (stores: TenantStores) => Promise<T>): Promise<T> {
    if (this.shared.db.isTransaction) return fn(this.forTenant(tenantId));
    let dirty = false;
    const inside = (db: Kysely<Database>) =>
      new SqlStorage({ ...this.shared, db }, { cache: null, groupCommit: null, writeBatch: null, changed: () => (dirty = true) }).forTenant(tenantId);
    const batch = this.mode.writeBatch;
    const result = batch
      ? await batch.run((trx) => inSavepoint(trx, () => fn(inside(trx))))
      : await this.shared.db
          .transaction()
          .setIsolationLevel('read committed')
          .execute((trx) => fn(inside(trx)));
    if (dirty) this.mode.changed();
    return result;
  }

  /**
   * Inside the transaction reads bypass the cache and writes commit with it; a change to cached
   * data is reported once the transaction has committed.
   */
  async transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T> {
    if (this.shared.db.isTransaction) return fn(this);
    let dirty = false;
    const result = await this.shared.db
      .transaction()
      .execute((trx) => fn(new SqlStorage({ ...this.shared, db: trx }, { cache: null, groupCommit: null, writeBatch: null, changed: () => (dirty = true) })));
    if (dirty) this.mode.changed();
    return result;
  }

  stats(): StorageStats {
    return this.shared.stats();
  }

  observeBatches(fn: (kind: BatchKind, size: number) => void): void {
    this.shared.observeBatches(fn);
  }

  async ping() {
    await sql`select 1`.execute(this.shared.db);
  }

  close() {
    return this.onClose();
  }
}

/** Runs `work` so that, if it throws, its writes are undone and the rest of the batch's are kept. */
async function inSavepoint<T>(trx: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  await sql`savepoint tenant_tx`.execute(trx);
  try {
    const value = await work();
    await sql`release savepoint tenant_tx`.execute(trx);
    return value;
  } catch (error) {
    await sql`rollback to savepoint tenant_tx`.execute(trx);
    await sql`release savepoint tenant_tx`.execute(trx);
    throw error;
  }
}
