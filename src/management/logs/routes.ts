// GET /api/v2/logs: the tenant log (registrations, sign-ins), newest first, offset-paged.
import { Type } from 'typebox';
import type { LogEntry } from '../../storage/ports.ts';
import { route, type ManagementRoute } from '../route.ts';
import { offsetResult, pageOf, pickFields } from '../pagination.ts';
import { LogListQuery, LogResponse } from './schema.ts';
import { parseLogQuery } from './query.ts';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Auth0's `Log` shape: the user named in the details is also shown at the top level. */
export function logView(e: LogEntry): Record<string, unknown> {
  const userId = text(e.details.user_id);
  const userName = text(e.details.user_name);
  const clientName = text(e.details.client_name);
  return {
    log_id: e.id,
    date: e.createdAt.toISOString(),
    type: e.type,
    description: e.description,
    ...(e.ip !== null ? { ip: e.ip } : {}),
    ...(e.userAgent !== null ? { user_agent: e.userAgent } : {}),
    ...(e.clientId !== null ? { client_id: e.clientId } : {}),
    ...(clientName ? { client_name: clientName } : {}),
    ...(userId ? { user_id: userId } : {}),
    ...(userName ? { user_name: userName } : {}),
    details: e.details,
  };
}

export const logRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/logs',
    summary: 'Search log events (q: type, client_id, user_id, date range; newest first; paged)',
    scopes: ['read:logs'],
    query: LogListQuery,
    response: {
      status: 200,
      schema: Type.Union([
        Type.Array(LogResponse),
        Type.Object({ total: Type.Integer(), start: Type.Integer(), limit: Type.Integer(), length: Type.Integer(), logs: Type.Array(LogResponse) }),
      ]),
    },
    async handler({ ctx, services, query }) {
      const { page, perPage } = pageOf(query);
      const filter = parseLogQuery(query.q);
      // Entries this instance noted before this read are in the answer.
      await services.events.settled();
      const { entries, total } = await ctx.stores.logs.page({ page, perPage, ...filter });
      const items = entries.map((e) => pickFields(logView(e), query.fields, query.include_fields));
      const result = offsetResult('logs', items, total, query);
      // Auth0's paged answer also carries the length of this page.
      return Array.isArray(result) ? result : { ...result, length: items.length };
    },
  }),
];
