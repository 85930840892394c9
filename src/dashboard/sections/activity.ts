// The tenant's landing page (activity) and its event log, read from /api/v2 like any client.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/container.ts';
import { render, tenantPage } from '../context.ts';
import { activityPage, type ActivityView } from '../pages/activity.ts';
import { eventLogPage, TYPE_FILTERS, type LogFilters } from '../pages/event-log.ts';
import type { LogView } from '../pages/logs.ts';
import { must } from './common.ts';

const PER_PAGE = 50;
const quote = (v: string) => `"${v.replace(/"/g, '')}"`;

function filtersOf(query: Record<string, unknown>): LogFilters {
  const get = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim().slice(0, 200) : '');
  return { type: get('type'), user: get('user'), client: get('client'), from: get('from'), to: get('to') };
}

/** The filters as the API's Lucene `q`. */
function queryOf(f: LogFilters): string {
  const terms: string[] = [];
  const group = TYPE_FILTERS.find((t) => t.value === f.type);
  if (group) terms.push(`type:(${group.types.join(' OR ')})`);
  if (f.user) terms.push(`user_id:${quote(f.user)}`);
  if (f.client) terms.push(`client_id:${quote(f.client)}`);
  if (f.from || f.to) terms.push(`date:[${f.from || '*'} TO ${f.to || '*'}]`);
  return terms.join(' AND ');
}

export function registerActivityPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', '/activity', async (c, request, reply) => {
    const window = (request.query as Record<string, unknown>).window === 'hours' ? 'hours' : 'days';
    const view = must(await c.api.get<ActivityView>('/stats/activity'));
    return render(reply, c, 'Activity', 'activity', activityPage({ base: c.base, view, window }));
  });

  tenantPage(app, root, services, 'GET', '/logs', async (c, request, reply) => {
    const query = request.query as Record<string, unknown>;
    const n = Number(query.page);
    const page = Number.isSafeInteger(n) && n > 0 ? n : 0;
    const filters = filtersOf(query);
    const res = await c.api.get<{ total: number; logs: LogView[] }>('/logs', { q: queryOf(filters), page, per_page: PER_PAGE, include_totals: true });
    const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    const href = (p: number) => `${c.base}/logs?${new URLSearchParams([...params, ['page', String(p)]])}`;
    // A filter the API refuses (a bad date) is shown on the form; anything else is the error page.
    if (!res.ok && res.status !== 400) must(res);
    const page0 = { perPage: PER_PAGE, href, noun: 'events' };
    const body = res.ok
      ? eventLogPage({ base: c.base, filters, entries: res.body.logs, page: { ...page0, page, total: res.body.total } })
      : eventLogPage({ base: c.base, filters, entries: [], page: { ...page0, page: 0, total: 0 }, error: res.error.message });
    return render(reply, c, 'Logs', 'logs', body, res.ok ? 200 : 400);
  });
}
