// Where a tenant lives: its domain (routing, issuer) and its Management API identifier move
// together, in one transaction. Every instance sees the move through the store's change feed.
import { DuplicateError, type Storage } from '../storage/ports.ts';
import type { Tenant } from '../domain/tenant.ts';
import { managementAudience } from './issuer.ts';

/** The system API's identifier, the tenant's `scheme://domain/api/v2/` as stored. */
export async function storedManagementAudience(storage: Storage, tenantId: string): Promise<string | undefined> {
  const { items } = await storage.forTenant(tenantId).resourceServers.list(0, 1000);
  return items.find((rs) => rs.is_system)?.identifier;
}

export interface DomainMove {
  from: { domain: string; issuer: string };
  to: { domain: string; issuer: string; audience: string };
}

/**
 * Moves `tenant` to `domain` with the scheme `scheme` ('http:' or 'https:'): the domain, and the
 * Management API identifier with the client grants naming it, so management tokens keep working.
 */
export async function moveTenantDomain(storage: Storage, tenant: Tenant, domain: string, scheme: string): Promise<DomainMove> {
  const issuer = `${scheme}//${domain}/`;
  const audience = managementAudience(issuer);
  return storage.transaction(async (tx) => {
    const taken = await tx.tenants.findByDomain(domain);
    if (taken && taken.id !== tenant.id) throw new DuplicateError(`tenant domain "${domain}"`);
    const before = await storedManagementAudience(tx, tenant.id);
    await tx.tenants.updateDomain(tenant.id, domain);
    const stores = tx.forTenant(tenant.id);
    const { items } = await stores.resourceServers.list(0, 1000);
    const system = items.find((rs) => rs.is_system);
    if (system && system.identifier !== audience) await stores.resourceServers.changeIdentifier(system.id, audience);
    const fromIssuer = before?.replace(/api\/v2\/$/, '') ?? `${scheme}//${tenant.domain}/`;
    return { from: { domain: tenant.domain, issuer: fromIssuer }, to: { domain, issuer, audience } };
  });
}
