import type { Kysely, Selectable } from 'kysely';
import { normalizeTenantSettings, type Tenant, type TenantSettings } from '../../../domain/tenant.ts';
import type { NewTenant, TenantStore } from '../../ports.ts';
import type { Database, TenantsTable } from '../schema.ts';
import { uniquely } from '../errors.ts';

function toTenant(row: Selectable<TenantsTable>): Tenant {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    isDefault: row.is_default === 1,
    settings: normalizeTenantSettings(JSON.parse(row.settings), row.name),
    createdAt: new Date(row.created_at),
  };
}

// The tenants table is the root of scoping, so it is the one store that is not tenant-scoped.
export class SqlTenantStore implements TenantStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** called after a write: tenants are cached by the resolver */
    private readonly changed: () => void = () => {},
  ) {}

  async create(t: NewTenant): Promise<Tenant> {
    const now = Date.now();
    const row = { id: t.id, name: t.name, domain: t.domain, is_default: t.isDefault ? 1 : 0, settings: JSON.stringify(t.settings), created_at: now, updated_at: now };
    await uniquely('tenant', () => this.db.insertInto('tenants').values(row).execute());
    this.changed();
    return toTenant(row);
  }

  async findById(id: string) {
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTenant(row);
  }

  async findByDomain(domain: string) {
    const row = await this.db.selectFrom('tenants').selectAll().where('domain', '=', domain).executeTakeFirst();
    return row && toTenant(row);
  }

  async findByName(name: string) {
    const row = await this.db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toTenant(row);
  }

  async findDefault() {
    const row = await this.db.selectFrom('tenants').selectAll().where('is_default', '=', 1).executeTakeFirst();
    return row && toTenant(row);
  }

  async list() {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('name').execute();
    return rows.map(toTenant);
  }

  async updateSettings(id: string, settings: TenantSettings) {
    await this.db.updateTable('tenants').set({ settings: JSON.stringify(settings), updated_at: Date.now() }).where('id', '=', id).execute();
    this.changed();
  }

  async updateDomain(id: string, domain: string) {
    await uniquely('tenant domain', () => this.db.updateTable('tenants').set({ domain, updated_at: Date.now() }).where('id', '=', id).execute());
    this.changed();
  }
}
