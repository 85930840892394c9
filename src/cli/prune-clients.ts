// `latchkey tenant prune-clients`: the clean-up of unused dynamically registered clients, now,
// for one tenant (the periodic clean-up runs the same with the tenant's TTL).
import { unusedFor, type UnusedClient } from '../domain/client.ts';
import { unusedClientTtlDays, type Tenant } from '../domain/tenant.ts';
import { pruneUnusedClients, unusedReason } from '../services/client-expiry.ts';
import type { Storage } from '../storage/ports.ts';
import { UsageError } from './usage-error.ts';

/** --unused-days as given: a whole number of days, 0 to 36500. */
export function parseUnusedDays(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 36_500) throw new UsageError(`--unused-days must be a whole number of days from 0 to 36500, not "${raw}"`);
  return Number(raw);
}

/** The days to apply: the flag's, else the tenant's TTL; refuses when neither says any. */
export function pruneDays(tenant: Tenant, flag: number | undefined): number {
  if (flag !== undefined) return flag;
  const ttl = unusedClientTtlDays(tenant.settings.registration_policy);
  if (ttl === null) {
    throw new UsageError(`tenant "${tenant.name}" never expires registrations (registration_policy.unused_client_ttl_days is 0 or null); give --unused-days N`);
  }
  return ttl;
}

function line(c: UnusedClient): string {
  const use = c.lastUsedAt
    ? `last used ${c.lastUsedAt.toISOString()}`
    : c.usageTrackedFrom.getTime() > c.createdAt.getTime()
      ? `no use recorded since ${c.usageTrackedFrom.toISOString()}`
      : 'never used';
  return `${c.client_id}  ${JSON.stringify(c.name)}  ${use}, registered ${c.createdAt.toISOString()}\n`;
}

export async function pruneClients(storage: Storage, tenant: Tenant, days: number, dryRun: boolean, out: NodeJS.WritableStream): Promise<number> {
  const source = `latchkey tenant prune-clients --unused-days ${days}`;
  const report = await pruneUnusedClients(storage.forTenant(tenant.id), {
    unused: unusedFor(days, new Date()),
    reason: unusedReason(days, source),
    dryRun,
    onBatch: (clients) => {
      for (const c of clients) out.write(line(c));
    },
  });
  const what = days === 0 ? 'never used' : `unused for more than ${days} days`;
  out.write(
    dryRun
      ? `${report.count} dynamically registered client(s) ${what} would be deleted (dry run: nothing was deleted).\n`
      : `${report.count} dynamically registered client(s) ${what} deleted, with their grants, consents and refresh tokens.\n`,
  );
  return 0;
}
