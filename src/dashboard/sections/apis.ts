// APIs: list, create, edit (one PATCH with name, lifetime, offline access and every scope), delete.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import type { ManagementErrorBody } from '../../management/errors.ts';
import { html } from '../../web/html.ts';
import { all, checked, fieldError, formBody, text, type FieldError, type FormBody } from '../form.ts';
import { noticeOf, redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { seg } from '../api-client.ts';
import { apiListPage, apiPage, apiValues, newApiPage, type ApiValues, type ResourceServerView } from '../pages/apis.ts';
import { confirmPage } from '../pages/confirm.ts';
import { must, withNotice } from './common.ts';
import { numberOrText } from './settings.ts';
import { ACCESS_NOTICES, accessPanels, type ApiWithPolicy } from './api-access.ts';
import { rbacPanel, type RbacSettings } from '../pages/api-rbac.ts';

type ApiView = ApiWithPolicy & Partial<RbacSettings>;

/**
 * The RBAC panel (not on the Management API, whose tokens are machine tokens), showing a refused
 * form's values and error when given, and the access panels.
 */
async function apiPanels(c: Console, rs: ApiView, refused?: { values: RbacSettings; alert: string }) {
  const rbac = rs.is_system
    ? html``
    : rbacPanel({
        href: `${c.base}/apis/${seg(rs.id)}`,
        csrf: c.csrf,
        values: refused?.values ?? { enforce_policies: rs.enforce_policies ?? false, token_dialect: rs.token_dialect ?? 'access_token' },
        ...(refused ? { alert: refused.alert } : {}),
      });
  return html`${rbac}${await accessPanels(c, rs)}`;
}

const NOTICES = { created: 'API created.', saved: 'Changes saved.', deleted: 'API deleted.', rbac_saved: 'RBAC settings saved.', ...ACCESS_NOTICES };
const NOT_SAVED = 'Nothing was saved. Fix the field marked below and save again.';
const FIELDS = { name: 'name', identifier: 'identifier', token_lifetime: 'token_lifetime', allow_offline_access: 'allow_offline_access', scopes: 'scopes' };

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

interface ScopeRows {
  /** the rows as shown, blank ones included */
  shown: { value: string; description: string }[];
  /** non-blank rows sent to the API, with the shown row each came from */
  sent: { value: string; description: string; row: number }[];
  error?: string;
}

/** Pairs the value and description inputs row by row; a description without a value is refused here. */
function readScopes(body: FormBody): ScopeRows {
  const values = all(body, 'scope_value');
  const descriptions = all(body, 'scope_description');
  const shown = values.map((v, i) => ({ value: v.trim(), description: (descriptions[i] ?? '').trim() }));
  const sent = shown.map((s, row) => ({ ...s, row })).filter((s) => s.value !== '');
  const orphan = shown.findIndex((s) => s.value === '' && s.description !== '');
  // Trailing blank rows go (the page adds its own); blank rows in between keep the numbering.
  let end = shown.length;
  while (end > 0 && shown[end - 1]!.value === '' && shown[end - 1]!.description === '') end--;
  return {
    shown: shown.slice(0, end),
    sent,
    ...(orphan >= 0 ? { error: `Row ${orphan + 1}: enter the scope value, or clear the description.` } : {}),
  };
}

function scopeError(error: ManagementErrorBody, rows: ScopeRows): FieldError {
  const duplicate = /scope "(.*)" is listed more than once/.exec(error.message);
  if (duplicate) return { field: 'scopes', message: `“${duplicate[1]}” is listed more than once.` };
  const e = fieldError(error, FIELDS, { scopes: 'Row' });
  // The API counts the rows it was sent; the page counts the rows it shows.
  if (e.field === 'scopes')
    return { field: 'scopes', message: e.message.replace(/^Row (\d+):/, (_m, n: string) => `Row ${(rows.sent[Number(n) - 1]?.row ?? Number(n) - 1) + 1}:`) };
  return e;
}

async function renderEdit(reply: FastifyReply, c: Console, rs: ApiWithPolicy, values: ApiValues, e: FieldError, status: number) {
  const body = apiPage({
    access: await apiPanels(c, rs),
    base: c.base,
    csrf: c.csrf,
    api: rs,
    values,
    errors: e.field ? { [e.field]: e.message } : {},
    alert: e.field ? NOT_SAVED : `Nothing was saved: ${e.message}`,
    ...(e.field ? { firstError: e.field } : {}),
  });
  return render(reply, c, rs.name, 'apis', body, status);
}

export function registerApiPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', '/apis', async (c, request, reply) => {
    // A tenant has few APIs; the API's largest page lists them all.
    const apis = must(await c.api.get<ResourceServerView[]>('/resource-servers', { per_page: 100 }));
    return render(reply, c, 'APIs', 'apis', apiListPage({ base: c.base, apis, ...withNotice(noticeOf(request, NOTICES)) }));
  });

  tenantPage(app, root, services, 'GET', '/apis/new', async (c, _request, reply) =>
    render(reply, c, 'Create API', 'apis', newApiPage({ base: c.base, csrf: c.csrf, values: {}, errors: {} })),
  );

  tenantPage(app, root, services, 'POST', '/apis/new', async (c, request, reply) => {
    const body = formBody(request);
    const values = { name: text(body, 'name'), identifier: text(body, 'identifier') };
    const errors: Record<string, string> = {};
    if (!values.name) errors.name = 'This field is required.';
    if (!values.identifier) errors.identifier = 'This field is required.';
    const res = Object.keys(errors).length ? undefined : await c.api.call<ResourceServerView>('POST', '/resource-servers', { body: values });
    if (!res?.ok) {
      const e = res ? fieldError(res.error, FIELDS) : { field: Object.keys(errors)[0], message: '' };
      if (res && e.field) errors[e.field] = e.message;
      const alert = e.field ? NOT_SAVED : `Nothing was saved: ${e.message}`;
      const page = newApiPage({ base: c.base, csrf: c.csrf, values, errors, alert, ...(e.field ? { firstError: e.field } : {}) });
      return render(reply, c, 'Create API', 'apis', page, res?.status ?? 400);
    }
    return redirectWithNotice(reply, `${c.base}/apis/${seg(res.body.id)}`, 'created');
  });

  tenantPage(app, root, services, 'GET', '/apis/:id', async (c, request, reply) => {
    const rs = must(await c.api.get<ApiWithPolicy>(`/resource-servers/${seg(idOf(request))}`), 'API not found');
    const access = await apiPanels(c, rs);
    return render(
      reply,
      c,
      rs.name,
      'apis',
      apiPage({ base: c.base, csrf: c.csrf, api: rs, values: apiValues(rs), errors: {}, access, ...withNotice(noticeOf(request, NOTICES)) }),
    );
  });

  tenantPage(app, root, services, 'POST', '/apis/:id', async (c, request, reply) => {
    const rs = must(await c.api.get<ApiWithPolicy>(`/resource-servers/${seg(idOf(request))}`), 'API not found');
    const body = formBody(request);
    const scopes = readScopes(body);
    const values: ApiValues = {
      name: rs.is_system ? rs.name : text(body, 'name'),
      token_lifetime: text(body, 'token_lifetime'),
      allow_offline_access: rs.is_system ? rs.allow_offline_access : checked(body, 'allow_offline_access'),
      scopes: rs.is_system ? rs.scopes : scopes.shown,
    };
    if (!rs.is_system && scopes.error) return renderEdit(reply, c, rs, values, { field: 'scopes', message: scopes.error }, 400);
    // A system API takes only what the API lets change on it.
    const patch = rs.is_system
      ? { token_lifetime: numberOrText(values.token_lifetime) }
      : {
          name: values.name,
          token_lifetime: numberOrText(values.token_lifetime),
          allow_offline_access: values.allow_offline_access,
          scopes: scopes.sent.map((s) => ({ value: s.value, ...(s.description ? { description: s.description } : {}) })),
        };
    const res = await c.api.call('PATCH', `/resource-servers/${seg(rs.id)}`, { body: patch });
    if (!res.ok) return renderEdit(reply, c, rs, values, scopeError(res.error, scopes), res.status);
    return redirectWithNotice(reply, `${c.base}/apis/${seg(rs.id)}`, 'saved');
  });

  tenantPage(app, root, services, 'GET', '/apis/:id/delete', async (c, request, reply) => {
    const rs = must(await c.api.get<ResourceServerView>(`/resource-servers/${seg(idOf(request))}`), 'API not found');
    const href = `${c.base}/apis/${seg(rs.id)}`;
    const body = confirmPage({
      title: 'Delete this API?',
      crumbs: [
        { label: 'APIs', href: `${c.base}/apis` },
        { label: rs.name, href },
      ],
      message: html`<p><strong>${rs.name}</strong> (<span class="code">${rs.identifier}</span>) and every application grant to it will be deleted. This cannot be undone.</p>`,
      action: `${href}/delete`,
      csrf: c.csrf,
      confirmLabel: 'Delete API',
      cancelHref: href,
    });
    return render(reply, c, 'Delete API', 'apis', body);
  });

  tenantPage(app, root, services, 'POST', '/apis/:id/delete', async (c, request, reply) => {
    must(await c.api.call('DELETE', `/resource-servers/${seg(idOf(request))}`), 'API not found');
    return redirectWithNotice(reply, `${c.base}/apis`, 'deleted');
  });

  tenantPage(app, root, services, 'POST', '/apis/:id/rbac', async (c, request, reply) => {
    const rs = must(await c.api.get<ApiView>(`/resource-servers/${seg(idOf(request))}`), 'API not found');
    const body = formBody(request);
    const values = { enforce_policies: checked(body, 'enforce_policies'), token_dialect: text(body, 'token_dialect') };
    const res = await c.api.call('PATCH', `/resource-servers/${seg(rs.id)}`, { body: values });
    if (res.ok) return redirectWithNotice(reply, `${c.base}/apis/${seg(rs.id)}`, 'rbac_saved');
    const message = /requires enforce_policies/.test(res.error.message)
      ? 'A dialect with permissions needs RBAC enabled: enable RBAC or choose a dialect without permissions.'
      : res.error.message.replace(/^Payload validation error: /, '');
    const access = await apiPanels(c, rs, { values, alert: `Nothing was saved: ${message}` });
    return render(reply, c, rs.name, 'apis', apiPage({ base: c.base, csrf: c.csrf, api: rs, values: apiValues(rs), errors: {}, access }), res.status);
  });
}
