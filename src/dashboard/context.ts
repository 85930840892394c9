// Every tenant page runs the same steps before its own: find the operator's session (or send
// the browser to sign in and back), refuse a POST without the form's CSRF token, and check
// that the operator owns the tenant named in the URL. The page then gets a typed context.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/container.ts';
import type { Tenant } from '../domain/tenant.ts';
import type { Operator } from '../storage/ports.ts';
import { newNonce, sendPage } from '../web/layout.ts';
import { checkCsrf, csrfToken } from '../web/csrf.ts';
import type { SafeHtml } from '../web/html.ts';
import { DashboardApi } from './api-client.ts';
import { findOperatorSession } from '../sessions/operator-session.ts';
import { shell, tenantBase, type Section } from './layout.ts';
import { formBody } from './form.ts';

/** An error a person should see as a page (not found, refused form, API failure). */
export class DashboardError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
    this.name = 'DashboardError';
  }
}

export const CSRF_TITLE = 'This form has expired';
export const CSRF_MESSAGE = 'The form was not sent from this dashboard page, or it is too old. Nothing was changed. Go back, reload the page and try again.';

export interface Console {
  operator: Operator;
  tenant: Tenant;
  /** every tenant the operator owns, the default one first */
  tenants: Tenant[];
  api: DashboardApi;
  /** `/dashboard/<tenant name>` */
  base: string;
  csrf: string;
  nonce: string;
}

export async function signedInOperator(services: Services, request: FastifyRequest): Promise<Operator | undefined> {
  const operatorId = await findOperatorSession(services.storage, request);
  return operatorId ? services.storage.operators.findById(operatorId) : undefined;
}

export async function tenantsOf(services: Services, operator: Operator): Promise<Tenant[]> {
  const ids = await services.storage.operators.tenantIds(operator.id);
  const tenants = (await Promise.all(ids.map((id) => services.storage.tenants.findById(id)))).filter((t): t is Tenant => t !== undefined);
  return tenants.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
}

export const signInUrl = (returnTo: string): string => `/dashboard/login?${new URLSearchParams({ return_to: returnTo })}`;

export type PageHandler = (c: Console, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** Registers a tenant page: `path` is relative to /dashboard/:tenant. */
export function tenantPage(app: FastifyInstance, root: FastifyInstance, services: Services, method: 'GET' | 'POST', path: string, handler: PageHandler): void {
  app.route({
    method,
    url: `/dashboard/:tenant${path}`,
    handler: async (request, reply) => {
      const operator = await signedInOperator(services, request);
      // Expired or absent: sign in, then come back to this page (a POST's URL is also a page).
      if (!operator) return reply.redirect(signInUrl(request.url), 303);
      if (method === 'POST' && !checkCsrf(request, formBody(request))) throw new DashboardError(403, CSRF_TITLE, CSRF_MESSAGE);
      const tenants = await tenantsOf(services, operator);
      const name = (request.params as { tenant: string }).tenant;
      const tenant = tenants.find((t) => t.name === name);
      // A tenant the operator does not own looks the same as one that does not exist.
      if (!tenant) throw new DashboardError(404, 'Tenant not found', `There is no tenant named "${name}" in your account.`);
      const c: Console = {
        operator,
        tenant,
        tenants,
        api: new DashboardApi(root, services, tenant, operator.id, request.id),
        base: tenantBase(tenant),
        csrf: csrfToken(request, reply),
        nonce: newNonce(),
      };
      return handler(c, request, reply);
    },
  });
}

export function render(reply: FastifyReply, c: Console, title: string, section: Section, body: SafeHtml, status = 200): FastifyReply {
  const page = shell({ title, section, tenant: c.tenant, tenants: c.tenants, operatorEmail: c.operator.email, csrf: c.csrf, nonce: c.nonce, body });
  return sendPage(reply, status, page, c.nonce);
}

/** Post/Redirect/Get: a saved form lands on a page that says so (fixed texts, chosen by code). */
export function redirectWithNotice(reply: FastifyReply, url: string, notice: string): FastifyReply {
  return reply.redirect(`${url}${url.includes('?') ? '&' : '?'}notice=${encodeURIComponent(notice)}`, 303);
}

export function noticeOf(request: FastifyRequest, texts: Readonly<Record<string, string>>): string | undefined {
  const code = (request.query as Record<string, unknown>)?.notice;
  return typeof code === 'string' && Object.hasOwn(texts, code) ? texts[code] : undefined;
}
