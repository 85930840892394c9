// Steps that decide whether a registration is attempted at all.
import type { RegistrationRateLimits } from '../../../../domain/tenant.ts';
import { RegistrationDisabled, TooManyRequests } from '../../../errors.ts';
import { withoutAudit } from '../audit.ts';
import { clientNetwork } from '../policies/client-network.ts';
import type { NewRegistration, WithTenant } from '../state.ts';

/**
 * The tenant is read from the store, not the resolver's cache, so a flag flip applies at once.
 * From here on refusals are audited.
 */
export async function checkRegistrationEnabled({ loadTenant }: Pick<NewRegistration, 'loadTenant'>): Promise<WithTenant> {
  const tenant = await loadTenant();
  if (!tenant?.settings.flags.enable_dynamic_client_registration) {
    throw new RegistrationDisabled();
  }
  return { tenant };
}

const TENANT_BUCKET = 'register:tenant';

interface RateLimitPorts {
  request: Pick<NewRegistration['request'], 'ip'>;
  stores: Pick<NewRegistration['stores'], 'tenantId' | 'rateLimits'>;
  rateLimitsOn: boolean;
}

/** Settings come from operators; a bucket always holds one token and refills, however slowly. */
function bucketsOf(limits: RegistrationRateLimits) {
  const atLeast = (n: number, min: number) => (Number.isFinite(n) && n >= min ? n : min);
  return {
    network: { burst: atLeast(limits.per_ip_burst, 1), perSecond: atLeast(limits.per_ip_per_second, 1e-6) },
    tenant: { burst: atLeast(limits.per_tenant_burst, 1), perSecond: atLeast(limits.per_tenant_per_second, 1e-6) },
  };
}
const PRUNE_EVERY_MS = 60_000;
const lastPrune = new Map<string, number>();

/** A bucket untouched for a full refill is full; forgetting it changes no decision. */
async function pruneIdleBuckets(stores: RateLimitPorts['stores'], limits: ReturnType<typeof bucketsOf>): Promise<void> {
  const now = Date.now();
  if (now - (lastPrune.get(stores.tenantId) ?? 0) < PRUNE_EVERY_MS) return;
  if (lastPrune.size > 10_000) lastPrune.clear();
  lastPrune.set(stores.tenantId, now);
  const fullRefillMs = 1000 * Math.max(1, limits.network.burst / limits.network.perSecond, limits.tenant.burst / limits.tenant.perSecond);
  await stores.rateLimits.prune(now - fullRefillMs);
}

/**
 * Token buckets per client network and per tenant, kept in the store so that every instance
 * on one database shares them. The network bucket is taken first: a client over its own
 * limit must not drain the tenant's. Refusals are audited at most once a second per bucket,
 * counted by a bucket of their own, so a flood cannot fill the tenant log.
 */
export async function enforceRateLimits({ rateLimitsOn, stores, request, tenant }: RateLimitPorts & WithTenant): Promise<void> {
  if (!rateLimitsOn) return;
  const limits = bucketsOf(tenant.settings.registration_rate_limits);
  const buckets = stores.rateLimits;
  await pruneIdleBuckets(stores, limits);
  const networkBucket = `register:ip:${clientNetwork(request.ip)}`;
  const byNetwork = await buckets.take(networkBucket, limits.network.burst, limits.network.perSecond);
  const decision = byNetwork.allowed ? await buckets.take(TENANT_BUCKET, limits.tenant.burst, limits.tenant.perSecond) : byNetwork;
  if (decision.allowed) return;
  const refusedBy = byNetwork.allowed ? TENANT_BUCKET : networkBucket;
  const audited = (await buckets.take(`${refusedBy}:audit`, 1, 1)).allowed;
  const refusal = new TooManyRequests(decision.retryAfterSeconds);
  throw audited ? refusal : withoutAudit(refusal);
}
