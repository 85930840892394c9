// The registration log, read from GET /api/v2/logs like any other log client would.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/container.ts';
import { render, tenantPage } from '../context.ts';
import { registrationLogPage, type LogView } from '../pages/logs.ts';
import { must } from './common.ts';

const PER_PAGE = 50;
export const REGISTRATION_QUERY = 'type:(dcr_success OR dcr_failure)';

export function registerLogPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', '/logs/registrations', async (c, request, reply) => {
    const n = Number((request.query as Record<string, unknown>).page);
    const page = Number.isSafeInteger(n) && n > 0 ? n : 0;
    const res = must(await c.api.get<{ total: number; logs: LogView[] }>('/logs', { q: REGISTRATION_QUERY, page, per_page: PER_PAGE, include_totals: true }));
    const href = (p: number) => `${c.base}/logs/registrations?page=${p}`;
    return render(
      reply,
      c,
      'Registration log',
      'registrations',
      registrationLogPage({ base: c.base, entries: res.logs, page: { page, perPage: PER_PAGE, total: res.total, href, noun: 'registrations' } }),
    );
  });
}
