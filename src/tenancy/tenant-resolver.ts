// Host header -> tenant. Exact `host[:port]` match; anything else reaches the default tenant.
// Tenants are cached so that hot endpoints do not query the store on every request. An entry
// is served only while the store's change feed reports no change to cached data, so a tenant
// created or reconfigured here, by the CLI or by another instance applies to the next request.
import type { Tenant } from '../domain/tenant.ts';
import type { Storage } from '../storage/ports.ts';
import { isStoreUnavailable } from '../storage/sql/errors.ts';

interface Entry {
  tenant: Tenant;
  generation: number;
}

/** Host headers are attacker-controlled: the cache of them is bounded. */
const MAX_HOSTS = 10_000;

/** After the store failed, cached tenants are served for this long before it is asked again. */
export const STALE_WHILE_DOWN_MS = 2000;

export class TenantResolver {
  readonly #byDomain = new Map<string, Entry>();
  /** tenants by Host served from memory, and those read from the store */
  readonly counts = { hits: 0, misses: 0 };
  readonly #byId = new Map<string, Entry>();
  #default: Entry | undefined;
  /** until when the store is known to be down (epoch ms) */
  #downUntil = 0;

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
    if (hit?.generation !== this.storage.changes.generation()) return undefined;
    this.counts.hits++;
    return hit.tenant;
  }

  /**
   * While the store is unavailable, a tenant this instance already knows is served as last read:
   * discovery and JWKS need nothing else, so they keep answering through a database outage.
   */
  async resolve(host: string | undefined): Promise<Tenant> {
    const generation = this.storage.changes.generation();
    const domain = (host ?? '').toLowerCase();
    const hit = this.#byDomain.get(domain);
    if (hit?.generation === generation) {
      this.counts.hits++;
      return hit.tenant;
    }
    if (hit && Date.now() < this.#downUntil) return hit.tenant;
    this.counts.misses++;
    try {
      const found = domain ? await this.storage.tenants.findByDomain(domain) : undefined;
      const tenant = found ?? (await this.defaultTenant(generation));
      if (this.#byDomain.size >= MAX_HOSTS) this.#byDomain.clear();
      this.#byDomain.set(domain, { tenant, generation });
      return tenant;
    } catch (err) {
      if (!hit || !isStoreUnavailable(err)) throw err;
      this.#downUntil = Date.now() + STALE_WHILE_DOWN_MS;
      return hit.tenant;
    }
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
