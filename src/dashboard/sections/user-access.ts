// A user's Roles and Permissions tabs: assign and remove roles, give and remove direct permissions.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import { formBody, text } from '../form.ts';
import { noticeOf, redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { seg } from '../api-client.ts';
import type { PermissionView, RoleView } from '../pages/roles.ts';
import { userPermissionsPage, userRolesPage, type UserSummary } from '../pages/user-access.ts';
import { must, withNotice } from './common.ts';
import { permissionOptions, permissionsOf } from './roles.ts';

const NOTICES = {
  role_added: 'Role assigned.',
  role_removed: 'Role removed.',
  permission_added: 'Permission given.',
  permission_removed: 'Permission removed.',
};

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const userOf = async (c: Console, request: FastifyRequest) => must(await c.api.get<UserSummary>(`/users/${seg(idOf(request))}`), 'User not found');

export function registerUserAccessPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', '/users/:id/roles', async (c, request, reply) => {
    const user = await userOf(c, request);
    const [roles, allRoles] = await Promise.all([
      c.api.get<RoleView[]>(`/users/${seg(user.user_id)}/roles`, { per_page: 100 }).then((r) => must(r)),
      c.api.get<RoleView[]>('/roles', { per_page: 100 }).then((r) => must(r)),
    ]);
    const body = userRolesPage({ base: c.base, csrf: c.csrf, user, roles, allRoles, ...withNotice(noticeOf(request, NOTICES)) });
    return render(reply, c, `${user.email}: roles`, 'users', body);
  });

  tenantPage(app, root, services, 'GET', '/users/:id/permissions', async (c, request, reply) => {
    const user = await userOf(c, request);
    type Held = PermissionView & { sources: { source_type: string; source_name: string }[] };
    const [permissions, options] = await Promise.all([
      c.api.get<Held[]>(`/users/${seg(user.user_id)}/permissions`, { per_page: 100 }).then((r) => must(r)),
      permissionOptions(c),
    ]);
    const body = userPermissionsPage({ base: c.base, csrf: c.csrf, user, permissions, options, ...withNotice(noticeOf(request, NOTICES)) });
    return render(reply, c, `${user.email}: permissions`, 'users', body);
  });

  for (const [action, method] of [
    ['add', 'POST'],
    ['remove', 'DELETE'],
  ] as const) {
    tenantPage(app, root, services, 'POST', `/users/:id/roles/${action}`, async (c, request, reply) => {
      const role = text(formBody(request), 'role');
      must(await c.api.call(method, `/users/${seg(idOf(request))}/roles`, { body: { roles: role ? [role] : [] } }), 'User not found');
      return redirectWithNotice(reply, `${c.base}/users/${seg(idOf(request))}/roles`, `role_${action === 'add' ? 'added' : 'removed'}`);
    });
    tenantPage(app, root, services, 'POST', `/users/:id/permissions/${action}`, async (c, request, reply) => {
      must(await c.api.call(method, `/users/${seg(idOf(request))}/permissions`, { body: permissionsOf(request) }), 'User not found');
      return redirectWithNotice(reply, `${c.base}/users/${seg(idOf(request))}/permissions`, `permission_${action === 'add' ? 'added' : 'removed'}`);
    });
  }
}
