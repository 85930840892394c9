// Activity counts from the tenant log: per bucket (day or hour), how many sign-ins, failed
// sign-ins, registrations and token responses. One grouped query per window over the log's
// (tenant_id, type, created_at) index; buckets without entries are zeros.
import type { LogCount, TenantStores } from '../../storage/ports.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The log types each series counts (Auth0's event codes). */
export const SERIES = {
  logins: ['s'],
  failed_logins: ['f', 'fp', 'fu', 'limit_wc'],
  registrations: ['ss', 'dcr_success'],
  tokens: ['seacft', 'sertft', 'seccft'],
} as const satisfies Record<string, readonly string[]>;

export type SeriesName = keyof typeof SERIES;
export type Bucket = { start: string } & Record<SeriesName, number>;

const NAMES = Object.keys(SERIES) as SeriesName[];
const SERIES_OF_TYPE = new Map<string, SeriesName>(NAMES.flatMap((name) => SERIES[name].map((type) => [type, name] as const)));
const ALL_TYPES = [...SERIES_OF_TYPE.keys()];

/** `count` buckets of `bucketMs` ending with the one that holds `now` (UTC-aligned), oldest first. */
export async function activity(stores: TenantStores, now: Date, bucketMs: number, count: number): Promise<Bucket[]> {
  const current = Math.floor(now.getTime() / bucketMs);
  const first = current - count + 1;
  const counted = await stores.logs.count({ types: ALL_TYPES, since: new Date(first * bucketMs), bucketMs });
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => ({
    start: new Date((first + i) * bucketMs).toISOString(),
    ...(Object.fromEntries(NAMES.map((n) => [n, 0])) as Record<SeriesName, number>),
  }));
  for (const c of counted) addTo(buckets, first, c);
  return buckets;
}

function addTo(buckets: Bucket[], first: number, c: LogCount): void {
  const bucket = buckets[c.bucket - first];
  const name = SERIES_OF_TYPE.get(c.type);
  if (bucket && name) bucket[name] += c.count;
}

export interface Totals {
  users: number;
  applications: number;
  /** applications that registered themselves (RFC 7591) */
  self_registered_applications: number;
}

export async function totals(stores: TenantStores): Promise<Totals> {
  const [users, clients, dynamic] = await Promise.all([
    stores.users.list({ page: 0, perPage: 0 }),
    stores.clients.list({ page: 0, perPage: 0 }),
    stores.clients.countDynamicallyRegistered(),
  ]);
  return { users: users.total, applications: clients.total, self_registered_applications: dynamic };
}
