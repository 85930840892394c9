// Host header -> tenant. Exact `host[:port]` match; anything else reaches the default tenant.
// Tenants are cached so that hot endpoints do not query the store on every request. An entry
// is served only while the store's change feed reports no change to cached data, so a tenant
// created or reconfigured here, by the CLI or by another instance applies to the next request.
import type { Tenant } from '../domain/tenant.ts';
import type { Storage } from '../storage/ports.ts';

interface Entry {
  tenant: Tenant;
  generation: number;
}

/** Host headers are attacker-controlled: the cache of them is bounded. */
const MAX_HOSTS = 10_000;

export class TenantResolver {
  readonly #byDomain = new Map<string, Entry>();
  readonly #byId = new Map<string, Entry>();
  #default: Entry | undefined;

  constructor(private readonly storage: Storage) {}

  private async defaultTenant(generation: number): Promise<Tenant> {
    if (this.#default?.generation === generation) return this.#default.tenant;
    const tenant = await this.storage.tenants.findDefault();
    if (!tenant) throw new Error('the default tenant is missing');
    this.#default = { tenant, generation };
    return tenant;
  }

  /** The tenant for `host` when the cache holds it, without waiting. */
  cached(host: string | undefined): Tenant | undefined {
    const hit = this.#byDomain.get((host ?? '').toLowerCase());
    return hit?.generation === this.storage.changes.generation() ? hit.tenant : undefined;
  }

  async resolve(host: string | undefined): Promise<Tenant> {
    const generation = this.storage.changes.generation();
    const domain = (host ?? '').toLowerCase();
    const hit = this.#byDomain.get(domain);
    if (hit?.generation === generation) return hit.tenant;
    if (this.#byDomain.size >= MAX_HOSTS) this.#byDomain.clear();
    const found = domain ? await this.storage.tenants.findByDomain(domain) : undefined;
    const tenant = found ?? (await this.defaultTenant(generation));
    this.#byDomain.set(domain, { tenant, generation });
    return tenant;
  }

  /** The tenant as the store has it now (for decisions that must see the latest settings). */
  async fresh(tenantId: string): Promise<Tenant | undefined> {
    const generation = this.storage.changes.generation();
    const hit = this.#byId.get(tenantId);
    if (hit?.generation === generation) return hit.tenant;
    const tenant = await this.storage.tenants.findById(tenantId);
    if (this.#byId.size >= MAX_HOSTS) this.#byId.clear();
    if (tenant) this.#byId.set(tenantId, { tenant, generation });
    else this.#byId.delete(tenantId);
    return tenant;
  }

  forget(): void {
    this.#byDomain.clear();
    this.#byId.clear();
    this.#default = undefined;
  }
}
