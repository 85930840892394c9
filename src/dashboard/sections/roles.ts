// Roles (RBAC): list, create, edit with permissions, delete (after a confirmation page).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import { html } from '../../web/html.ts';
import { fieldError, formBody, text } from '../form.ts';
import { noticeOf, redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { seg } from '../api-client.ts';
import { newRolePage, parsePermissionValue, roleListPage, rolePage, type PermissionOption, type PermissionView, type RoleView } from '../pages/roles.ts';
import type { ResourceServerView } from '../pages/apis.ts';
import { confirmPage } from '../pages/confirm.ts';
import { must, withNotice } from './common.ts';

const PER_PAGE = 20;
const NOTICES = {
  created: 'Role created.',
  saved: 'Changes saved.',
  deleted: 'Role deleted.',
  permission_added: 'Permission added.',
  permission_removed: 'Permission removed.',
};
const NOT_SAVED = 'Nothing was saved. Fix the field marked below and try again.';
const FIELDS = { name: 'name', description: 'description' };

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/** Every scope of every API but the Management API, to offer as a permission. */
export async function permissionOptions(c: Console): Promise<PermissionOption[]> {
  const apis = must(await c.api.get<ResourceServerView[]>('/resource-servers', { per_page: 100 }));
  return apis
    .filter((a) => !a.is_system)
    .flatMap((a) => a.scopes.map((s) => ({ identifier: a.identifier, apiName: a.name, scope: s.value, description: s.description })));
}

/** The permission a form names, as the API takes it; a tampered value is refused as a page. */
export function permissionsOf(request: FastifyRequest) {
  const permission = parsePermissionValue(text(formBody(request), 'permission'));
  return { permissions: permission ? [permission] : [] };
}

async function roleEditPage(
  c: Console,
  role: RoleView,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; alert?: string; firstError?: string; notice?: string },
) {
  const [permissions, options] = await Promise.all([
    c.api.get<PermissionView[]>(`/roles/${seg(role.id)}/permissions`, { per_page: 100 }).then((r) => must(r)),
    permissionOptions(c),
  ]);
  return rolePage({
    base: c.base,
    csrf: c.csrf,
    role,
    values: extra.values ?? { name: role.name, description: role.description },
    errors: extra.errors ?? {},
    permissions,
    options,
    ...withExtra(extra),
  });
}

const withExtra = (e: { alert?: string; firstError?: string; notice?: string }) => ({
  ...(e.alert ? { alert: e.alert } : {}),
  ...(e.firstError ? { firstError: e.firstError } : {}),
  ...withNotice(e.notice),
});

export function registerRolePages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', '/roles', async (c, request, reply) => {
    const n = Number((request.query as Record<string, unknown>).page);
    const page = Number.isSafeInteger(n) && n > 0 ? n : 0;
    const res = must(await c.api.get<{ total: number; roles: RoleView[] }>('/roles', { page, per_page: PER_PAGE, include_totals: true }));
    const href = (p: number) => `${c.base}/roles?page=${p}`;
    const body = roleListPage({
      base: c.base,
      roles: res.roles,
      page: { page, perPage: PER_PAGE, total: res.total, href, noun: 'roles' },
      ...withNotice(noticeOf(request, NOTICES)),
    });
    return render(reply, c, 'Roles', 'roles', body);
  });

  tenantPage(app, root, services, 'GET', '/roles/new', async (c, _request, reply) =>
    render(reply, c, 'Create role', 'roles', newRolePage({ base: c.base, csrf: c.csrf, values: {}, errors: {} })),
  );

  tenantPage(app, root, services, 'POST', '/roles/new', async (c, request, reply) => {
    const body = formBody(request);
    const values = { name: text(body, 'name'), description: text(body, 'description') };
    const res = values.name ? await c.api.call<RoleView>('POST', '/roles', { body: values }) : undefined;
    if (res?.ok) return redirectWithNotice(reply, `${c.base}/roles/${seg(res.body.id)}`, 'created');
    const e = res
      ? res.status === 409
        ? { field: 'name', message: 'A role with this name already exists.' }
        : fieldError(res.error, FIELDS)
      : { field: 'name', message: 'This field is required.' };
    const page = newRolePage({
      base: c.base,
      csrf: c.csrf,
      values,
      errors: e.field ? { [e.field]: e.message } : {},
      alert: e.field ? NOT_SAVED : `Nothing was saved: ${e.message}`,
      ...(e.field ? { firstError: e.field } : {}),
    });
    return render(reply, c, 'Create role', 'roles', page, res?.status ?? 400);
  });

  tenantPage(app, root, services, 'GET', '/roles/:id', async (c, request, reply) => {
    const role = must(await c.api.get<RoleView>(`/roles/${seg(idOf(request))}`), 'Role not found');
    return render(reply, c, role.name, 'roles', await roleEditPage(c, role, { notice: noticeOf(request, NOTICES) }));
  });

  tenantPage(app, root, services, 'POST', '/roles/:id', async (c, request, reply) => {
    const role = must(await c.api.get<RoleView>(`/roles/${seg(idOf(request))}`), 'Role not found');
    const body = formBody(request);
    const values = { name: text(body, 'name'), description: text(body, 'description') };
    const res = values.name ? await c.api.call('PATCH', `/roles/${seg(role.id)}`, { body: values }) : undefined;
    if (res?.ok) return redirectWithNotice(reply, `${c.base}/roles/${seg(role.id)}`, 'saved');
    const e = res
      ? res.status === 409
        ? { field: 'name', message: 'A role with this name already exists.' }
        : fieldError(res.error, FIELDS)
      : { field: 'name', message: 'This field is required.' };
    const page = await roleEditPage(c, role, {
      values,
      errors: e.field ? { [e.field]: e.message } : {},
      alert: e.field ? NOT_SAVED : `Nothing was saved: ${e.message}`,
      ...(e.field ? { firstError: e.field } : {}),
    });
    return render(reply, c, role.name, 'roles', page, res?.status ?? 400);
  });

  for (const [action, method, notice] of [
    ['add', 'POST', 'permission_added'],
    ['remove', 'DELETE', 'permission_removed'],
  ] as const) {
    tenantPage(app, root, services, 'POST', `/roles/:id/permissions/${action}`, async (c, request, reply) => {
      must(await c.api.call(method, `/roles/${seg(idOf(request))}/permissions`, { body: permissionsOf(request) }), 'Role not found');
      return redirectWithNotice(reply, `${c.base}/roles/${seg(idOf(request))}`, notice);
    });
  }

  tenantPage(app, root, services, 'GET', '/roles/:id/delete', async (c, request, reply) => {
    const role = must(await c.api.get<RoleView>(`/roles/${seg(idOf(request))}`), 'Role not found');
    const href = `${c.base}/roles/${seg(role.id)}`;
    const body = confirmPage({
      title: 'Delete this role?',
      crumbs: [
        { label: 'Roles', href: `${c.base}/roles` },
        { label: role.name, href },
      ],
      message: html`<p><strong>${role.name}</strong> will be deleted, and its users lose the permissions it gave them. This cannot be undone.</p>`,
      action: `${href}/delete`,
      csrf: c.csrf,
      confirmLabel: 'Delete role',
      cancelHref: href,
    });
    return render(reply, c, 'Delete role', 'roles', body);
  });

  tenantPage(app, root, services, 'POST', '/roles/:id/delete', async (c, request, reply) => {
    must(await c.api.call('DELETE', `/roles/${seg(idOf(request))}`), 'Role not found');
    return redirectWithNotice(reply, `${c.base}/roles`, 'deleted');
  });
}
