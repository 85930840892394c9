// What every section does with an API answer it cannot continue without.
import type { ApiResult } from '../api-client.ts';
import { DashboardError } from '../context.ts';

/** The body of a successful call; otherwise a page with the API's own message. */
export function must<T>(res: ApiResult<T>, notFoundTitle = 'Not found'): T {
  if (res.ok) return res.body;
  if (res.status === 404) throw new DashboardError(404, notFoundTitle, res.error.message);
  throw new DashboardError(res.status >= 500 ? 502 : res.status, 'The Management API refused the request', res.error.message);
}

export const withNotice = (notice: string | undefined) => (notice ? { notice } : {});
