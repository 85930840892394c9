// Brute-force settings: validated beyond the schema (allowlist entries are addresses or CIDR
// ranges), merged key by key. User blocks: the counts in force, listed and lifted by identifier.
import { invalidAllowlistEntries, type BruteForceProtection } from '../../domain/brute-force.ts';
import type { TenantStores } from '../../storage/ports.ts';
import { invalidBody } from '../errors.ts';
import { userNotFound } from '../users/service.ts';

export async function updateBruteForce(stores: TenantStores, patch: Partial<BruteForceProtection>): Promise<BruteForceProtection> {
  const bad = invalidAllowlistEntries(patch.allowlist ?? []);
  if (bad.length) throw invalidBody(`'${bad[0]} is not an IPv4 or IPv6 address or CIDR range' on property allowlist.`);
  return stores.attackProtection.updateBruteForce((current) => ({ ...current, ...patch }));
}

/** The identifier Auth0 counts a user's sign-ins under: their email. 404 for an unknown user. */
export async function userIdentifier(stores: TenantStores, userId: string): Promise<string> {
  const user = await stores.users.findById(userId);
  if (!user) throw userNotFound();
  return user.email.toLowerCase();
}

export async function blocksOf(stores: TenantStores, identifier: string, considerEnablement: boolean) {
  const settings = await stores.attackProtection.bruteForce();
  if (considerEnablement && (!settings.enabled || !settings.shields.includes('block'))) return { blocked_for: [] };
  const blocked = await stores.loginFailures.listBlocked(identifier.toLowerCase(), new Date(), settings.max_attempts);
  return { blocked_for: blocked.map((b) => ({ identifier: b.identifier, ...(b.ip !== null ? { ip: b.ip } : {}), connection: b.connection })) };
}

export async function unblock(stores: TenantStores, identifier: string): Promise<void> {
  await stores.loginFailures.clearIdentifier(identifier.toLowerCase());
}
