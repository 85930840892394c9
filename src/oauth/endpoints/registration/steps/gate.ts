// Steps that decide whether a registration is attempted at all.
import type { RegistrationRateLimits } from '../../../../domain/tenant.ts';
import { RegistrationDisabled, TooManyRequests } from '../../../errors.ts';
import { clientNetwork } from '../policies/client-network.ts';
import type { RegistrationState } from '../state.ts';

/** The tenant is read from the store, not the resolver's cache, so a flag flip applies at once. */
export async function checkRegistrationEnabled(state: RegistrationState): Promise<void> {
  const tenant = await state.deps.loadTenant();
  if (!tenant?.settings.flags.enable_dynamic_client_registration) {
    throw new RegistrationDisabled();
  }
  state.tenant = tenant;
  state.auditRefusals = true;
}

const TENANT_BUCKET = 'register:tenant';

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
async function pruneIdleBuckets(state: RegistrationState, limits: ReturnType<typeof bucketsOf>): Promise<void> {
  const { stores } = state.deps;
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
export async function enforceRateLimits(state: RegistrationState): Promise<void> {
  if (!state.deps.rateLimits) return;
  const limits = bucketsOf(state.tenant!.settings.registration_rate_limits);
  const buckets = state.deps.stores.rateLimits;
  await pruneIdleBuckets(state, limits);
  const networkBucket = `register:ip:${clientNetwork(state.request.ip)}`;
  const byNetwork = await buckets.take(networkBucket, limits.network.burst, limits.network.perSecond);
  const decision = byNetwork.allowed ? await buckets.take(TENANT_BUCKET, limits.tenant.burst, limits.tenant.perSecond) : byNetwork;
  if (decision.allowed) return;
  const refusedBy = byNetwork.allowed ? TENANT_BUCKET : networkBucket;
  state.auditRefusals = (await buckets.take(`${refusedBy}:audit`, 1, 1)).allowed;
  throw new TooManyRequests(decision.retryAfterSeconds);
}
