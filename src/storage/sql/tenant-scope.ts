// The one place that adds `tenant_id` to queries. Stores for tenant-owned tables get a
// TenantScope and never see the raw Kysely instance, so no query can forget the tenant.
import type { DeleteQueryBuilder, DeleteResult, Insertable, Kysely, SelectQueryBuilder, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Database, TenantTable } from './schema.ts';

export class TenantScope {
  constructor(
    private readonly db: Kysely<Database>,
    readonly tenantId: string,
  ) {}

  selectFrom<T extends TenantTable>(table: T): SelectQueryBuilder<Database, T, {}> {
    return (this.db.selectFrom(table) as any).where(`${table}.tenant_id`, '=', this.tenantId);
  }

  insertInto<T extends TenantTable>(table: T, values: Omit<Insertable<Database[T]>, 'tenant_id'>) {
    return this.db.insertInto(table).values({ ...values, tenant_id: this.tenantId } as any);
  }

  updateTable<T extends TenantTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
    return (this.db.updateTable(table) as any).where(`${table}.tenant_id`, '=', this.tenantId);
  }

  deleteFrom<T extends TenantTable>(table: T): DeleteQueryBuilder<Database, T, DeleteResult> {
    return (this.db.deleteFrom(table) as any).where(`${table}.tenant_id`, '=', this.tenantId);
  }
}
