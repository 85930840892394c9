// Host header -> tenant. Exact `host[:port]` match; anything else reaches the default tenant.
// Tenants are cached briefly so that hot endpoints do not query the store on every request;
// a tenant created by the CLI while the server runs is reachable within `ttlMs`.
import type { Tenant } from '../domain/tenant.ts';
import type { Storage } from '../storage/ports.ts';

interface Entry {
  tenant: Tenant;
  expires: number;
}

export class TenantResolver {
  readonly #byDomain = new Map<string, Entry>();
  #default: Entry | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = 2000,
  ) {}

  private async defaultTenant(now: number): Promise<Tenant> {
    if (this.#default && this.#default.expires > now) return this.#default.tenant;
    const tenant = await this.storage.tenants.findDefault();
    if (!tenant) throw new Error('the default tenant is missing');
    this.#default = { tenant, expires: now + this.ttlMs };
    return tenant;
  }

  async resolve(host: string | undefined): Promise<Tenant> {
    const now = Date.now();
    const domain = (host ?? '').toLowerCase();
    const hit = this.#byDomain.get(domain);
    if (hit && hit.expires > now) return hit.tenant;
    // Bound the cache: Host headers are attacker-controlled.
    if (this.#byDomain.size > 10_000) this.#byDomain.clear();
    const found = domain ? await this.storage.tenants.findByDomain(domain) : undefined;
    const tenant = found ?? (await this.defaultTenant(now));
    this.#byDomain.set(domain, { tenant, expires: now + this.ttlMs });
    return tenant;
  }

  /** Reads the tenant again from the store (for decisions that must see the latest settings). */
  async fresh(tenantId: string): Promise<Tenant | undefined> {
    return this.storage.tenants.findById(tenantId);
  }

  forget(): void {
    this.#byDomain.clear();
    this.#default = undefined;
  }
}
