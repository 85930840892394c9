// Expiry of unused registrations (RFC 7591 §5 leaves a registration's lifetime to the server):
// dynamically registered clients whose last use, or registration if never used, is older than
// a bound are deleted with their grants, consents, refresh tokens and codes, a short batch per
// transaction, each deletion logged in the tenant log. The periodic clean-up runs it with the
// tenant's registration_policy.unused_client_ttl_days; `latchkey tenant prune-clients` at once.
// Clients made through the Management API or first-party ones are never touched.
import { setTimeout as yieldTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { Unused, UnusedClient } from '../domain/client.ts';
import type { NewLogEntry, TenantStores } from '../storage/ports.ts';

/** Clients per transaction: each batch holds the store for milliseconds, not seconds. */
export const PRUNE_BATCH = 200;

export interface PruneOptions {
  unused: Unused;
  /** why, for the log: e.g. "no authorization or token for more than 90 days (unused_client_ttl_days)" */
  reason: string;
  /** find and report only */
  dryRun?: boolean;
  batchSize?: number;
  /** ends the run after the batch in progress (shutdown) */
  stopped?: () => boolean;
  /** each batch's clients, deleted (or, dry run, found) */
  onBatch?: (clients: UnusedClient[]) => void;
}

export interface PruneReport {
  /** clients deleted (dry run: found) */
  count: number;
  batches: number;
  /** the longest batch (find and delete), in milliseconds */
  maxBatchMs: number;
}

/** A deletion as the tenant log shows it: the client by name and id, and why it went. */
export function unusedClientEntry(client: UnusedClient, reason: string): NewLogEntry {
  return {
    type: 'sapi',
    description: `Delete unused application "${client.name}" (${client.client_id}): ${reason}`,
    ip: null,
    userAgent: null,
    clientId: client.client_id,
    details: {
      operation: 'delete_unused_client',
      client_name: client.name,
      registered_at: client.createdAt.toISOString(),
      last_used_at: client.lastUsedAt?.toISOString() ?? null,
      usage_recorded_since: client.usageTrackedFrom.toISOString(),
      reason,
    },
  };
}

export async function pruneUnusedClients(stores: TenantStores, options: PruneOptions): Promise<PruneReport> {
  const limit = options.batchSize ?? PRUNE_BATCH;
  const report: PruneReport = { count: 0, batches: 0, maxBatchMs: 0 };
  let after: string | undefined;
  for (;;) {
    const started = performance.now();
    const found = await stores.clients.findUnused(options.unused, { ...(after !== undefined ? { after } : {}), limit });
    if (found.length === 0) break;
    after = found[found.length - 1]!.client_id;
    const done = options.dryRun
      ? found
      : await stores.clients.deleteUnused(
          found.map((c) => c.client_id),
          options.unused,
          (c) => unusedClientEntry(c, options.reason),
        );
    report.batches++;
    report.count += done.length;
    report.maxBatchMs = Math.max(report.maxBatchMs, performance.now() - started);
    if (done.length) options.onBatch?.(done);
    if (found.length < limit || options.stopped?.()) break;
    // Let requests waiting on the store (and the event loop) go first.
    await yieldTurn(0);
  }
  return report;
}

/** The reason logged for a TTL of `days` (0: never used). */
export function unusedReason(days: number, source: string): string {
  return days === 0 ? `never used (${source})` : `no authorization or token for more than ${days} days (${source})`;
}
