// /api/v2/roles (Auth0 RBAC): roles, their permissions and their members. Scopes as Auth0's.
import { Type } from 'typebox';
import { route, type ManagementRoute } from '../route.ts';
import { offsetResult, pageOf } from '../pagination.ts';
import { IdParam } from '../schemas.ts';
import type { User } from '../../domain/user.ts';
import {
  OffsetList,
  PageQuery,
  PermissionResponse,
  PermissionsBody,
  RoleCreate,
  RoleListQuery,
  RolePatch,
  RoleResponse,
  RoleUserResponse,
  RoleUsersQuery,
  UserIdsBody,
} from './schema.ts';
import { RbacService, roleView } from './service.ts';

const Id = IdParam('id', 'ID of the role');

function roleUserView(u: User | undefined, userId: string) {
  return { user_id: userId, ...(u ? { email: u.email, name: u.name, ...(u.picture !== undefined ? { picture: u.picture } : {}) } : {}) };
}

const checkpoint = {
  encode: (userId: string) => Buffer.from(userId).toString('base64url'),
  decode: (from: string) => Buffer.from(from, 'base64url').toString('utf8'),
};

export const roleRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/roles',
    summary: 'Get roles (paged; name_filter)',
    scopes: ['read:roles'],
    query: RoleListQuery,
    response: { status: 200, schema: OffsetList('roles', RoleResponse) },
    async handler({ ctx, query }) {
      const { page, perPage } = pageOf(query);
      const { items, total } = await ctx.stores.roles.list(page, perPage, query.name_filter);
      return offsetResult('roles', items.map(roleView), total, query);
    },
  }),
  route({
    method: 'POST',
    url: '/roles',
    summary: 'Create a role',
    scopes: ['create:roles'],
    body: RoleCreate,
    response: { status: 200, schema: RoleResponse },
    async handler({ ctx, body }) {
      return roleView(await new RbacService(ctx.stores).createRole(body));
    },
  }),
  route({
    method: 'GET',
    url: '/roles/:id',
    summary: 'Get a role',
    scopes: ['read:roles'],
    params: Id,
    response: { status: 200, schema: RoleResponse },
    async handler({ ctx, params }) {
      return roleView(await new RbacService(ctx.stores).getRole(params.id));
    },
  }),
  route({
    method: 'PATCH',
    url: '/roles/:id',
    summary: 'Update a role',
    scopes: ['update:roles'],
    params: Id,
    body: RolePatch,
    response: { status: 200, schema: RoleResponse },
    async handler({ ctx, params, body }) {
      return roleView(await new RbacService(ctx.stores).updateRole(params.id, body));
    },
  }),
  route({
    method: 'DELETE',
    url: '/roles/:id',
    summary: 'Delete a role (its permissions and its members’ assignments go with it)',
    scopes: ['delete:roles'],
    params: Id,
    response: { status: 204 },
    async handler({ ctx, params }) {
      await new RbacService(ctx.stores).deleteRole(params.id);
    },
  }),
  route({
    method: 'GET',
    url: '/roles/:id/permissions',
    summary: 'Get the permissions of a role (paged)',
    scopes: ['read:roles'],
    params: Id,
    query: PageQuery,
    response: { status: 200, schema: OffsetList('permissions', PermissionResponse) },
    async handler({ ctx, params, query }) {
      const rbac = new RbacService(ctx.stores);
      await rbac.getRole(params.id);
      const { page, perPage } = pageOf(query);
      const { items, total } = await ctx.stores.roles.listPermissions(params.id, page, perPage);
      return offsetResult('permissions', await rbac.permissionViews(items), total, query);
    },
  }),
  route({
    method: 'POST',
    url: '/roles/:id/permissions',
    summary: 'Associate permissions (API scopes) with a role',
    scopes: ['update:roles'],
    params: Id,
    body: PermissionsBody,
    response: { status: 201 },
    async handler({ ctx, params, body }) {
      const rbac = new RbacService(ctx.stores);
      await rbac.getRole(params.id);
      await ctx.stores.roles.addPermissions(params.id, await rbac.resolvePermissions(body.permissions));
    },
  }),
  route({
    method: 'DELETE',
    url: '/roles/:id/permissions',
    summary: 'Remove permissions from a role',
    scopes: ['update:roles'],
    params: Id,
    body: PermissionsBody,
    response: { status: 204 },
    async handler({ ctx, params, body }) {
      const rbac = new RbacService(ctx.stores);
      await rbac.getRole(params.id);
      await ctx.stores.roles.removePermissions(params.id, await rbac.resolvePermissions(body.permissions));
    },
  }),
  route({
    method: 'GET',
    url: '/roles/:id/users',
    summary: 'Get the users of a role (page/per_page, or checkpoint paging with from/take)',
    scopes: ['read:users', 'read:roles', 'read:role_members'],
    params: Id,
    query: RoleUsersQuery,
    response: {
      status: 200,
      schema: Type.Union([OffsetList('users', RoleUserResponse), Type.Object({ users: Type.Array(RoleUserResponse), next: Type.Optional(Type.String()) })]),
    },
    async handler({ ctx, params, query }) {
      await new RbacService(ctx.stores).getRole(params.id);
      const view = async (ids: string[]) => Promise.all(ids.map(async (id) => roleUserView(await ctx.stores.users.findById(id), id)));
      if (query.from !== undefined || query.take !== undefined) {
        const take = query.take ?? 50;
        const ids = await ctx.stores.roles.membersAfter(params.id, query.from ? checkpoint.decode(query.from) : undefined, take + 1);
        const page = ids.slice(0, take);
        return { users: await view(page), ...(ids.length > take ? { next: checkpoint.encode(page[page.length - 1]!) } : {}) };
      }
      const { page, perPage } = pageOf(query);
      const { items, total } = await ctx.stores.roles.listMembers(params.id, page, perPage);
      return offsetResult('users', await view(items), total, query);
    },
  }),
  route({
    method: 'POST',
    url: '/roles/:id/users',
    summary: 'Assign users to a role',
    scopes: ['update:roles', 'create:role_members'],
    params: Id,
    body: UserIdsBody,
    response: { status: 200 },
    async handler({ ctx, params, body }) {
      const rbac = new RbacService(ctx.stores);
      await rbac.getRole(params.id);
      await rbac.checkUsers(body.users);
      await ctx.stores.userAuthorization.assignRoles(body.users.map((userId) => ({ userId, roleId: params.id })));
    },
  }),
];
