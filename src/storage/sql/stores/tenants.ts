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

/** Each attempt fails only because another update landed; this many in a row means a runaway writer. */
const MAX_SETTINGS_ATTEMPTS = 50;

// The tenants table is the root of scoping, so it is the one store that is not tenant-scoped.
export class SqlTenantStore implements TenantStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** called after a write: tenants are cached by the resolver */
    private readonly changed: () => void = () => {},
  ) {}

  async create(t: NewTenant): Promise<Tenant> {
    const now = Date.now();
    const row = {
      id: t.id,
      name: t.name,
      domain: t.domain,
      is_default: t.isDefault ? 1 : 0,
      settings: JSON.stringify(t.settings),
      created_at: now,
      updated_at: now,
    };
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

  /**
   * Read, change, write back only if nobody wrote in between (compare-and-set on the stored
   * text), else again from the fresh value: concurrent updates from any instance all land.
   */
  async updateSettings(id: string, change: (current: TenantSettings) => TenantSettings) {
    for (let attempt = 0; attempt < MAX_SETTINGS_ATTEMPTS; attempt++) {
      const row = await this.db.selectFrom('tenants').select(['name', 'settings']).where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const next = change(normalizeTenantSettings(JSON.parse(row.settings), row.name));
      const result = await this.db
        .updateTable('tenants')
        .set({ settings: JSON.stringify(next), updated_at: Date.now() })
        .where('id', '=', id)
        .where('settings', '=', row.settings)
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) {
        this.changed();
        return next;
      }
    }
    throw new Error(`the settings of tenant ${id} kept changing while being updated`);
  }

  async updateDomain(id: string, domain: string) {
    await uniquely('tenant domain', () => this.db.updateTable('tenants').set({ domain, updated_at: Date.now() }).where('id', '=', id).execute());
    this.changed();
  }
}
