// The one place that adds `tenant_id` to queries. Stores for tenant-owned tables get a
// TenantScope and never see the raw Kysely instance, so no query can forget the tenant.
// It also carries what the stores share beyond one query: the read cache (outside
// transactions) and how to report a change to cached data.
import {
  PostgresAdapter,
  sql,
  type DeleteQueryBuilder,
  type DeleteResult,
  type Insertable,
  type Kysely,
  type SelectQueryBuilder,
  type UpdateQueryBuilder,
  type UpdateResult,
} from 'kysely';
import type { Database, TenantTable } from './schema.ts';
import type { ReadCache } from './read-cache.ts';
import type { WriteBatch } from './write-batch.ts';

export interface ScopeHooks {
  /** null inside a transaction: what a transaction reads must come from the transaction */
  cache: ReadCache | null;
  /** shared commits for small concurrent writes (SQLite); null inside a transaction */
  writeBatch: WriteBatch | null;
  /** called after a write to a cached table (clients, APIs, client grants, signing keys) */
  changed(): void;
}

export class TenantScope {
  constructor(
    private readonly db: Kysely<Database>,
    readonly tenantId: string,
    private readonly hooks: ScopeHooks = { cache: null, writeBatch: null, changed: () => {} },
  ) {}

  /** Reads `table`'s row `key` through the cache when there is one. */
  cached<V extends object>(table: TenantTable, key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const cache = this.hooks.cache;
    return cache ? cache.through(`${table}\u0000${this.tenantId}\u0000${key}`, load) : load();
  }

  /**
   * Runs `work` in a transaction shared with other writes that arrive at the same time (one
   * durable commit for all), or directly when there is no batch (PostgreSQL, transactions).
   */
  batched<T>(work: (scope: TenantScope) => Promise<T>): Promise<T> {
    const batch = this.hooks.writeBatch;
    return batch ? batch.run((trx) => work(new TenantScope(trx, this.tenantId))) : work(this);
  }

  /**
   * Runs `work`'s several statements in one transaction of their own (or in the one this scope
   * is already in); reports a change to cached tables after the commit when `changes` says so.
   */
  async atomically<T>(work: (scope: TenantScope) => Promise<T>, changes: (result: T) => boolean = () => false): Promise<T> {
    if (this.db.isTransaction) {
      const result = await work(this);
      if (changes(result)) this.hooks.changed();
      return result;
    }
    const result = await this.db.transaction().execute((trx) => work(new TenantScope(trx, this.tenantId)));
    if (changes(result)) this.hooks.changed();
    return result;
  }

  /**
   * Inside a transaction: holds off every other transaction that takes the same `lock` for this
   * tenant until this one ends. PostgreSQL: a transaction-scoped advisory lock. SQLite: nothing
   * to do, a transaction that writes holds the database's write lock from its start.
   */
  async lockTenant(lock: string): Promise<void> {
    if (!this.db.isTransaction) throw new Error('lockTenant needs a transaction');
    if (!(this.db.getExecutor().adapter instanceof PostgresAdapter)) return;
    await sql`select pg_advisory_xact_lock(hashtextextended(${`${lock}:${this.tenantId}`}, 0))`.execute(this.db);
  }

  /** Reports a committed write to a cached table; returns `result` for chaining. */
  changed<T>(result: T): T {
    this.hooks.changed();
    return result;
  }

  selectFrom<T extends TenantTable>(table: T): SelectQueryBuilder<Database, T, {}> {
    return (this.db.selectFrom(table) as any).where(`${table}.tenant_id`, '=', this.tenantId);
  }

  insertInto<T extends TenantTable>(table: T, values: Omit<Insertable<Database[T]>, 'tenant_id'>) {
    return this.db.insertInto(table).values(this.row(values));
  }

  /** One INSERT of several rows (at least one). */
  insertMany<T extends TenantTable>(table: T, rows: Omit<Insertable<Database[T]>, 'tenant_id'>[]) {
    return this.db.insertInto(table).values(rows.map((r) => this.row<T>(r)));
  }

  /** A row for `table` with this tenant's id, for writers that insert rows themselves. */
  row<T extends TenantTable>(values: Omit<Insertable<Database[T]>, 'tenant_id'>): Insertable<Database[T]> {
    return { ...values, tenant_id: this.tenantId } as any;
  }

  updateTable<T extends TenantTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
    return (this.db.updateTable(table) as any).where(`${table}.tenant_id`, '=', this.tenantId);
  }

  deleteFrom<T extends TenantTable>(table: T): DeleteQueryBuilder<Database, T, DeleteResult> {
    return (this.db.deleteFrom(table) as any).where(`${table}.tenant_id`, '=', this.tenantId);
  }

  /**
   * Deletes at most `limit` of the rows `filter` picks (in its order, if it gives one), so that
   * a large clean-up runs as many short transactions instead of one long one. Returns how many.
   */
  async deleteSome<T extends TenantTable>(
    table: T,
    key: string & keyof Database[T],
    filter: (rows: SelectQueryBuilder<Database, T, {}>) => SelectQueryBuilder<Database, T, {}>,
    limit: number,
  ): Promise<number> {
    const keys = (filter(this.selectFrom(table)) as any).select(key).limit(limit);
    const res = await (this.deleteFrom(table) as any).where(key, 'in', keys).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
