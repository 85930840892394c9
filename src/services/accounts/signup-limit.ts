// Sign-ups and reset requests per client network (an IPv6 /64 counts as one address), with the
// tenant's per-IP registration limits, in the store so that every instance shares them.
import { clientNetwork } from '../../domain/client-network.ts';
import type { Tenant } from '../../domain/tenant.ts';
import type { TenantStores } from '../../storage/ports.ts';

export type Allowance = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Takes one sign-up from the client address's allowance (`enabled` false: always allowed). */
export async function takeSignupAllowance(c: { tenant: Tenant; stores: TenantStores }, ip: string, enabled: boolean): Promise<Allowance> {
  if (!enabled) return { allowed: true };
  const limits = c.tenant.settings.registration_rate_limits;
  const burst = Math.max(1, limits.per_ip_burst);
  const perSecond = Math.max(1e-6, limits.per_ip_per_second);
  const decision = await c.stores.rateLimits.take(`signup:ip:${clientNetwork(ip)}`, burst, perSecond);
  return decision.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
}
