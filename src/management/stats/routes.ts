// GET /api/v2/stats/daily (Auth0) and GET /api/v2/stats/activity (Latchkey: the dashboard's
// activity view). Counted from the tenant log, so bounded by its retention (LOG_RETENTION_DAYS).
import { Type } from 'typebox';
import { route, type ManagementRoute } from '../route.ts';
import { invalidQuery } from '../errors.ts';
import { ActivityResponse, DailyStats, DailyStatsQuery } from './schema.ts';
import { activity, DAY_MS, HOUR_MS, totals } from './service.ts';

/** YYYYMMDD as the start of that UTC day. */
function day(text: string, name: string): number {
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  const at = Date.parse(`${iso}T00:00:00.000Z`);
  // Date.parse rolls 20260231 over into March: a real day reads back the same.
  if (!Number.isFinite(at) || new Date(at).toISOString().slice(0, 10) !== iso) throw invalidQuery(`${name} must be a date as YYYYMMDD.`);
  return at;
}

/** Auth0 answers at most this many days at once. */
const MAX_DAYS = 366;

export const statsRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/stats/daily',
    summary: 'Get daily stats (logins and sign-ups per day; from/to as YYYYMMDD)',
    scopes: ['read:stats'],
    query: DailyStatsQuery,
    response: { status: 200, schema: Type.Array(DailyStats) },
    async handler({ ctx, services, query }) {
      const now = new Date();
      const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
      const to = query.to ? day(query.to, 'to') : today;
      const from = query.from ? day(query.from, 'from') : to - 29 * DAY_MS;
      if (from > to) throw invalidQuery('from must not be after to.');
      if ((to - from) / DAY_MS >= MAX_DAYS) throw invalidQuery(`at most ${MAX_DAYS} days at once.`);
      await services.events.settled();
      const count = Math.min(Math.floor((today - from) / DAY_MS) + 1, MAX_DAYS);
      if (count <= 0) return [];
      const buckets = (await activity(ctx.stores, now, DAY_MS, count)).filter((b) => Date.parse(b.start) <= to);
      const stamp = now.toISOString();
      return buckets
        .filter((b) => b.logins > 0 || b.registrations > 0)
        .map((b) => ({ date: b.start, logins: b.logins, signups: b.registrations, leaked_passwords: 0, updated_at: stamp, created_at: b.start }));
    },
  }),
  route({
    method: 'GET',
    url: '/stats/activity',
    summary: 'Get activity: sign-ins, failed sign-ins, registrations and tokens per day (30 days) and per hour (48 hours), and totals',
    scopes: ['read:stats'],
    response: { status: 200, schema: ActivityResponse },
    async handler({ ctx, services }) {
      const now = new Date();
      await services.events.settled();
      const [daily, hourly, counts] = await Promise.all([activity(ctx.stores, now, DAY_MS, 30), activity(ctx.stores, now, HOUR_MS, 48), totals(ctx.stores)]);
      return { daily, hourly, totals: counts };
    },
  }),
];
