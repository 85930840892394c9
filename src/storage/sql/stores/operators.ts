import type { Kysely } from 'kysely';
import type { Operator, OperatorStore } from '../../ports.ts';
import type { Database } from '../schema.ts';
import { uniquely } from '../errors.ts';

// Operators (dashboard administrators) are kept apart from any tenant's end users.
export class SqlOperatorStore implements OperatorStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(op: { id: string; email: string; passwordHash: string }): Promise<Operator> {
    const created_at = Date.now();
    await uniquely('operator', () =>
      this.db.insertInto('operators').values({ id: op.id, email: op.email.toLowerCase(), password_hash: op.passwordHash, created_at }).execute(),
    );
    return { ...op, email: op.email.toLowerCase(), createdAt: new Date(created_at) };
  }

  private async findBy(column: 'email' | 'id', value: string) {
    const r = await this.db.selectFrom('operators').selectAll().where(column, '=', value).executeTakeFirst();
    return r && { id: r.id, email: r.email, passwordHash: r.password_hash, createdAt: new Date(r.created_at) };
  }

  findByEmail(email: string) {
    return this.findBy('email', email.toLowerCase());
  }

  findById(id: string) {
    return this.findBy('id', id);
  }

  async grantTenant(operatorId: string, tenantId: string, role: 'owner') {
    await this.db
      .insertInto('operator_tenants')
      .values({ operator_id: operatorId, tenant_id: tenantId, role })
      .onConflict((oc) => oc.columns(['operator_id', 'tenant_id']).doNothing())
      .execute();
  }

  async tenantIds(operatorId: string) {
    const rows = await this.db.selectFrom('operator_tenants').select('tenant_id').where('operator_id', '=', operatorId).execute();
    return rows.map((r) => r.tenant_id);
  }

  async ownerIds(tenantId: string) {
    const rows = await this.db
      .selectFrom('operator_tenants')
      .select('operator_id')
      .where('tenant_id', '=', tenantId)
      .where('role', '=', 'owner')
      .orderBy('operator_id')
      .execute();
    return rows.map((r) => r.operator_id);
  }
}
