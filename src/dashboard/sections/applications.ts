// Applications: list and search, create, edit (one PATCH), rotate the secret, delete.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import type { ManagementErrorBody } from '../../management/errors.ts';
import { html } from '../../web/html.ts';
import { all, fieldError, formBody, lines, text } from '../form.ts';
import { noticeOf, redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { seg } from '../api-client.ts';
import { applicationListPage, newApplicationPage, type ClientView } from '../pages/applications.ts';
import { applicationPage, applicationValues, type ApplicationValues } from '../pages/application.ts';
import { confirmPage } from '../pages/confirm.ts';
import { must, withNotice } from './common.ts';

const PER_PAGE = 20;
const NOTICES = {
  created: 'Application created. Add its callback URLs below.',
  saved: 'Changes saved.',
  'secret-rotated': 'The client secret was rotated. Applications using the old secret must be updated.',
  deleted: 'Application deleted.',
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
    const res = must(await c.api.get<{ total: number; clients: ClientView[] }>('/clients', { page, per_page: PER_PAGE, include_totals: true, q }));
    const href = (p: number) => `${c.base}/applications?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
    const body = applicationListPage({
      base: c.base,
      clients: res.clients,
      q,
      page: { page, perPage: PER_PAGE, total: res.total, href, noun: 'applications' },
      ...withNotice(noticeOf(request, NOTICES)),
    });
    return render(reply, c, 'Applications', 'applications', body);
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
