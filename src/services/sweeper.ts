// Periodic clean-up of rows that can no longer be used, so the store does not grow without
// bound: expired authorization codes, refresh tokens and sign-in sessions, stale sign-in
// failure counts, ended dashboard sessions, used client assertions (jti) past their expiry,
// log entries past their retention (Auth0 keeps tenant logs for a limited time too), initial
// access tokens a month past their expiry, and dynamically registered clients unused for
// the tenant's registration_policy.unused_client_ttl_days (client-expiry.ts); it also rotates
// signing keys that have been current for the tenant's signing_keys_rotation_days. Several
// instances on one database may all sweep; deleting what is already gone is harmless, and a
// due rotation happens once (signing-keys.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Storage, TenantStores } from '../storage/ports.ts';
import { unusedFor, type UnusedClient } from '../domain/client.ts';
import { unusedClientTtlDays, type Tenant } from '../domain/tenant.ts';
import { pruneUnusedClients, unusedReason } from './client-expiry.ts';
import { rotateIfDue } from './signing-keys.ts';

export const SWEEP_INTERVAL_MS = 10 * 60_000;
const FIRST_SWEEP_MS = 60_000;
/** Rows per delete statement: many short transactions, never one that holds the store long. */
export const SWEEP_BATCH = 500;
/**
 * Used codes are kept a day past their expiry: a code replayed in that time still revokes the
 * tokens it issued (RFC 6749 §4.1.2) instead of being merely unknown.
 */
export const CODE_GRACE_MS = 24 * 3_600_000;
/** A sign-in failure count untouched this long starts again from zero. */
export const FAILURE_MEMORY_MS = 24 * 3_600_000;
/** Expired initial access tokens stay listed (as expired) this long, then go. */
export const EXPIRED_TOKEN_LISTING_MS = 30 * 86_400_000;

export interface SweepReport {
  authorizationCodes: number;
  refreshTokens: number;
  loginSessions: number;
  loginFailures: number;
  logs: number;
  operatorSessions: number;
  /** initial access tokens expired more than 30 days ago */
  initialAccessTokens: number;
  /** private_key_jwt assertion ids (jti) kept until their assertion expired */
  clientAssertions: number;
  /** dynamically registered clients deleted for going unused */
  unusedClients: number;
  /** tenants whose signing keys were rotated on schedule (signing_keys_rotation_days) */
  rotatedKeys: number;
}

export interface SweeperOptions {
  /** Log entries older than this many days are deleted. */
  logRetentionDays: number;
  intervalMs?: number;
  onError?: (err: unknown) => void;
  onSwept?: (report: SweepReport) => void;
  /** the timer was started (one process of a cluster runs the clean-up; the server logs which) */
  onStart?: () => void;
  /** clients the clean-up deleted for going unused (the server logs each) */
  onUnusedClientsDeleted?: (tenant: Tenant, clients: UnusedClient[]) => void;
  /** a tenant's signing keys rotated on schedule (the server logs it) */
  onKeysRotated?: (tenant: Tenant, kid: string) => void;
}

/** Deletes batch after batch until a batch comes back short or `stopped()`; yields between batches. */
async function drainUntil(stopped: () => boolean, deleteBatch: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deleteBatch(SWEEP_BATCH);
    total += n;
    if (n < SWEEP_BATCH || stopped()) return total;
    await sleep(0);
  }
}

async function sweepTenant(
  tenant: Tenant,
  stores: TenantStores,
  now: Date,
  logsBefore: Date,
  report: SweepReport,
  stopped: () => boolean,
  options: SweeperOptions,
): Promise<void> {
  const at = now.getTime();
  const drain = (deleteBatch: (limit: number) => Promise<number>) => drainUntil(stopped, deleteBatch);
  report.authorizationCodes += await drain((n) => stores.authorizationCodes.deleteExpired(new Date(at - CODE_GRACE_MS), n));
  report.refreshTokens += await drain((n) => stores.refreshTokens.deleteExpired(now, n));
  report.loginSessions += await drain((n) => stores.sessions.deleteExpired(now, n));
  report.loginFailures += await drain((n) => stores.loginFailures.deleteStale(new Date(at - FAILURE_MEMORY_MS), now, n));
  report.logs += await drain((n) => stores.logs.deleteOlderThan(logsBefore, n));
  report.initialAccessTokens += await drain((n) => stores.initialAccessTokens.deleteExpired(new Date(at - EXPIRED_TOKEN_LISTING_MS), n));
  report.clientAssertions += await drain((n) => stores.clientAssertions.deleteExpired(now, n));
  const days = unusedClientTtlDays(tenant.settings.registration_policy);
  if (days !== null && !stopped()) {
    const pruned = await pruneUnusedClients(stores, {
      unused: unusedFor(days, now),
      reason: unusedReason(days, 'unused_client_ttl_days'),
      stopped,
      onBatch: (clients) => options.onUnusedClientsDeleted?.(tenant, clients),
    });
    report.unusedClients += pruned.count;
  }
  if (!stopped()) {
    const rotated = await rotateIfDue(stores.signingKeys, tenant, now);
    if (rotated) {
      report.rotatedKeys++;
      options.onKeysRotated?.(tenant, rotated);
    }
  }
}

export class Sweeper {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<SweepReport> | undefined;
  #stopped = false;

  constructor(
    private readonly storage: Storage,
    private readonly options: SweeperOptions,
  ) {}

  /** One pass over every tenant. Concurrent calls share the pass in progress. */
  sweepOnce(now = new Date()): Promise<SweepReport> {
    this.#running ??= this.#sweep(now).finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #sweep(now: Date): Promise<SweepReport> {
    const report: SweepReport = {
      authorizationCodes: 0,
      refreshTokens: 0,
      loginSessions: 0,
      loginFailures: 0,
      logs: 0,
      operatorSessions: 0,
      initialAccessTokens: 0,
      clientAssertions: 0,
      unusedClients: 0,
      rotatedKeys: 0,
    };
    const logsBefore = new Date(now.getTime() - this.options.logRetentionDays * 86_400_000);
    for (const tenant of await this.storage.tenants.list()) {
      if (this.#stopped) break;
      await sweepTenant(tenant, this.storage.forTenant(tenant.id), now, logsBefore, report, () => this.#stopped, this.options);
    }
    report.operatorSessions = await this.storage.operatorSessions.deleteExpired(now);
    return report;
  }

  /**
   * Sweeps a minute after start (so that servers restarted often still sweep), then every
   * interval; never keeps the process alive.
   */
  start(): void {
    if (this.#timer || this.#stopped) return;
    const interval = this.options.intervalMs ?? SWEEP_INTERVAL_MS;
    this.options.onStart?.();
    const tick = () => {
      this.sweepOnce().then(
        (report) => this.options.onSwept?.(report),
        (err) => this.options.onError?.(err),
      );
      if (this.#stopped) return;
      this.#timer = setTimeout(tick, interval);
      this.#timer.unref();
    };
    this.#timer = setTimeout(tick, Math.min(FIRST_SWEEP_MS, interval));
    this.#timer.unref();
  }

  /** Stops the timer and waits for a pass in progress (it stops after the batch it is deleting). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => {});
  }
}
