// Applications: list and search, create, edit (one PATCH), rotate the secret, delete.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import type { ManagementErrorBody } from '../../management/errors.ts';
import { html } from '../../web/html.ts';
import { all, fieldError, formBody, lines, text } from '../form.ts';
import { noticeOf, redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { seg } from '../api-client.ts';
import { applicationListPage, deleteApplicationsPage, newApplicationPage, type ClientView } from '../pages/applications.ts';
import { applicationPage, applicationValues, type ApplicationValues } from '../pages/application.ts';
import { confirmPage } from '../pages/confirm.ts';
import { must, withNotice } from './common.ts';

const PER_PAGE = 20;
const NOTICES = {
  created: 'Application created. Add its callback URLs below.',
  saved: 'Changes saved.',
  'secret-rotated': 'The client secret was rotated. Applications using the old secret must be updated.',
  deleted: 'Application deleted.',
  'bulk-deleted': 'The selected applications were deleted.',
  'none-selected': 'No registered application was selected.',
  imported: 'Application imported from its metadata document.',
  'metadata-refreshed': 'Metadata refreshed from the document.',
};
const NOT_SAVED = 'Nothing was saved. Fix the field marked below and save again.';
const FIELDS = {
  name: 'name',
  callbacks: 'callbacks',
  allowed_logout_urls: 'allowed_logout_urls',
  web_origins: 'web_origins',
  grant_types: 'grant_types',
  token_endpoint_auth_method: 'token_endpoint_auth_method',
  redirection_policy: 'redirection_policy',
};
const ROWS = { callbacks: 'Line', allowed_logout_urls: 'Line', web_origins: 'Line' };

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const pageOf = (request: FastifyRequest) => {
  const n = Number((request.query as Record<string, unknown>).page);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
};
const queryText = (request: FastifyRequest, name: string) => {
  const v = (request.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v.trim().slice(0, 200) : '';
};

/** Applications chosen at once: what a page of the list can hold. */
const STALE_PER_PAGE = 100;

/** The `id` values of a query or form, de-duplicated, at most a page of them. */
function idsOf(value: unknown): string[] {
  const all = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 128);
  return [...new Set(all)].slice(0, STALE_PER_PAGE);
}

/** Those of `ids` that exist and registered themselves. */
async function selectedRegistrations(c: Console, ids: string[]): Promise<ClientView[]> {
  const found: ClientView[] = [];
  for (const id of ids) {
    const res = await c.api.get<ClientView>(`/clients/${seg(id)}`);
    if (res.ok && res.body.dynamically_registered) found.push(res.body);
  }
  return found;
}

async function loadClient(c: Console, id: string): Promise<ClientView> {
  return must(await c.api.get<ClientView>(`/clients/${seg(id)}`), 'Application not found');
}

function submittedValues(request: FastifyRequest): ApplicationValues {
  const body = formBody(request);
  return {
    name: text(body, 'name'),
    callbacks: text(body, 'callbacks'),
    allowed_logout_urls: text(body, 'allowed_logout_urls'),
    web_origins: text(body, 'web_origins'),
    grant_types: all(body, 'grant_types'),
    token_endpoint_auth_method: text(body, 'token_endpoint_auth_method'),
    redirection_policy: text(body, 'redirection_policy'),
  };
}

function refusedEdit(reply: FastifyReply, c: Console, client: ClientView, values: ApplicationValues, error: ManagementErrorBody) {
  const e = fieldError(error, FIELDS, ROWS);
  const body = applicationPage({
    base: c.base,
    csrf: c.csrf,
    client,
    values,
    errors: e.field ? { [e.field]: e.message } : {},
    alert: e.field ? NOT_SAVED : `Nothing was saved: ${e.message}`,
    ...(e.field ? { firstError: e.field } : {}),
  });
  return render(reply, c, client.name, 'applications', body, error.statusCode);
}

export function registerApplicationPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', '/applications', async (c, request, reply) => {
    const q = queryText(request, 'q');
    const page = pageOf(request);
    // "Unused for more than N days": the self-registered ones only, a page of them all selected.
    const days = queryText(request, 'unused_days');
    const unusedDays = /^\d{1,5}$/.test(days) && Number(days) <= 36_500 ? Number(days) : undefined;
    const perPage = unusedDays === undefined ? PER_PAGE : STALE_PER_PAGE;
    const filter = unusedDays === undefined ? {} : { dynamically_registered: true, unused_days: unusedDays };
    const res = must(await c.api.get<{ total: number; clients: ClientView[] }>('/clients', { page, per_page: perPage, include_totals: true, q, ...filter }));
    const keep = { ...(q ? { q } : {}), ...(unusedDays !== undefined ? { unused_days: String(unusedDays) } : {}) };
    const href = (p: number) => `${c.base}/applications?${new URLSearchParams({ ...keep, page: String(p) })}`;
    const body = applicationListPage({
      base: c.base,
      clients: res.clients,
      q,
      page: { page, perPage, total: res.total, href, noun: 'applications' },
      ...(unusedDays !== undefined ? { unusedDays } : {}),
      ...withNotice(noticeOf(request, NOTICES)),
    });
    return render(reply, c, 'Applications', 'applications', body);
  });

  tenantPage(app, root, services, 'GET', '/applications/delete', async (c, request, reply) => {
    const clients = await selectedRegistrations(c, idsOf((request.query as Record<string, unknown>).id));
    if (clients.length === 0) return redirectWithNotice(reply, `${c.base}/applications`, 'none-selected');
    return render(reply, c, 'Delete applications', 'applications', deleteApplicationsPage({ base: c.base, csrf: c.csrf, clients }));
  });

  tenantPage(app, root, services, 'POST', '/applications/delete', async (c, request, reply) => {
    // Checked again: only self-registered applications are deleted in bulk.
    const clients = await selectedRegistrations(c, idsOf(formBody(request).id));
    for (const client of clients) {
      const res = await c.api.call('DELETE', `/clients/${seg(client.client_id)}`);
      if (!res.ok && res.status !== 404) must(res);
    }
    return redirectWithNotice(reply, `${c.base}/applications`, clients.length ? 'bulk-deleted' : 'none-selected');
  });

  tenantPage(app, root, services, 'GET', '/applications/new', async (c, _request, reply) => {
    return render(reply, c, 'Create application', 'applications', newApplicationPage({ base: c.base, csrf: c.csrf, values: {}, errors: {} }));
  });

  tenantPage(app, root, services, 'POST', '/applications/new', async (c, request, reply) => {
    const body = formBody(request);
    const values = { name: text(body, 'name'), app_type: text(body, 'app_type') };
    const res = await c.api.call<ClientView>('POST', '/clients', {
      body: { name: values.name, app_type: values.app_type || 'regular_web', is_first_party: true },
    });
    if (!res.ok) {
      const e = fieldError(res.error, { name: 'name', app_type: 'app_type' });
      const page = newApplicationPage({
        base: c.base,
        csrf: c.csrf,
        values,
        errors: e.field ? { [e.field]: e.message } : {},
        alert: e.field ? NOT_SAVED : `Nothing was saved: ${e.message}`,
        ...(e.field ? { firstError: e.field } : {}),
      });
      return render(reply, c, 'Create application', 'applications', page, res.status);
    }
    return redirectWithNotice(reply, `${c.base}/applications/${seg(res.body.client_id)}`, 'created');
  });

  tenantPage(app, root, services, 'GET', '/applications/:id', async (c, request, reply) => {
    const client = await loadClient(c, idOf(request));
    const notice = noticeOf(request, NOTICES);
    const body = applicationPage({
      base: c.base,
      csrf: c.csrf,
      client,
      values: applicationValues(client),
      errors: {},
      revealSecret: notice === NOTICES['secret-rotated'],
      ...withNotice(notice),
    });
    return render(reply, c, client.name, 'applications', body);
  });

  tenantPage(app, root, services, 'POST', '/applications/:id', async (c, request, reply) => {
    const id = idOf(request);
    const values = submittedValues(request);
    const body = formBody(request);
    // One PATCH carries every field, so a refused value leaves the application as it was.
    const res = await c.api.call<ClientView>('PATCH', `/clients/${seg(id)}`, {
      body: {
        name: values.name,
        callbacks: lines(body, 'callbacks'),
        allowed_logout_urls: lines(body, 'allowed_logout_urls'),
        web_origins: lines(body, 'web_origins'),
        grant_types: values.grant_types,
        token_endpoint_auth_method: values.token_endpoint_auth_method,
        ...(values.redirection_policy ? { redirection_policy: values.redirection_policy } : {}),
      },
    });
    if (!res.ok) return refusedEdit(reply, c, await loadClient(c, id), values, res.error);
    return redirectWithNotice(reply, `${c.base}/applications/${seg(id)}`, 'saved');
  });

  tenantPage(app, root, services, 'GET', '/applications/:id/rotate-secret', async (c, request, reply) => {
    const client = await loadClient(c, idOf(request));
    const href = `${c.base}/applications/${seg(client.client_id)}`;
    const body = confirmPage({
      title: 'Rotate the client secret?',
      crumbs: [
        { label: 'Applications', href: `${c.base}/applications` },
        { label: client.name, href },
      ],
      message: html`<p>A new secret for <strong>${client.name}</strong> takes effect at once. Requests that use the current secret will be refused until the application is updated with the new one.</p>`,
      action: `${href}/rotate-secret`,
      csrf: c.csrf,
      confirmLabel: 'Rotate secret',
      cancelHref: href,
    });
    return render(reply, c, 'Rotate secret', 'applications', body);
  });

  tenantPage(app, root, services, 'POST', '/applications/:id/rotate-secret', async (c, request, reply) => {
    const id = idOf(request);
    must(await c.api.call('POST', `/clients/${seg(id)}/rotate-secret`), 'Application not found');
    return redirectWithNotice(reply, `${c.base}/applications/${seg(id)}`, 'secret-rotated');
  });

  tenantPage(app, root, services, 'GET', '/applications/:id/delete', async (c, request, reply) => {
    const client = await loadClient(c, idOf(request));
    const href = `${c.base}/applications/${seg(client.client_id)}`;
    const body = confirmPage({
      title: 'Delete this application?',
      crumbs: [
        { label: 'Applications', href: `${c.base}/applications` },
        { label: client.name, href },
      ],
      message: html`<p><strong>${client.name}</strong> (<span class="code">${client.client_id}</span>) and its API grants will be deleted. Its client ID stops working at once. This cannot be undone.</p>`,
      action: `${href}/delete`,
      csrf: c.csrf,
      confirmLabel: 'Delete application',
      cancelHref: href,
    });
    return render(reply, c, 'Delete application', 'applications', body);
  });

  tenantPage(app, root, services, 'POST', '/applications/:id/delete', async (c, request, reply) => {
    must(await c.api.call('DELETE', `/clients/${seg(idOf(request))}`), 'Application not found');
    return redirectWithNotice(reply, `${c.base}/applications`, 'deleted');
  });
}
