// Tenants: the one store that is not tenant-scoped, with the operators.
import type { Tenant, TenantSettings } from '../../domain/tenant.ts';

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
