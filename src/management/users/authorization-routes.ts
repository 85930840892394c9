// /api/v2/users/{id}/roles and /api/v2/users/{id}/permissions (Auth0 RBAC). Scopes as Auth0's.
import { route, type ManagementRoute } from '../route.ts';
import { offsetResult, pageOf } from '../pagination.ts';
import { IdParam } from '../schemas.ts';
import { OffsetList, PageQuery, PermissionsBody, RoleIdsBody, RoleResponse, UserPermissionResponse } from '../roles/schema.ts';
import { RbacService, roleView } from '../roles/service.ts';
import { UserService } from './service.ts';

const Id = IdParam('id', 'ID of the user (auth0|...)');

export const userAuthorizationRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/users/:id/roles',
    summary: "Get a user's roles (paged)",
    scopes: ['read:users', 'read:roles', 'read:role_members'],
    params: Id,
    query: PageQuery,
    response: { status: 200, schema: OffsetList('roles', RoleResponse) },
    async handler({ ctx, params, query }) {
      await new UserService(ctx.stores).get(params.id);
      const { page, perPage } = pageOf(query);
      const { items, total } = await ctx.stores.userAuthorization.listRoles(params.id, page, perPage);
      return offsetResult('roles', items.map(roleView), total, query);
    },
  }),
  route({
    method: 'POST',
    url: '/users/:id/roles',
    summary: 'Assign roles to a user',
    scopes: ['update:users', 'create:role_members'],
    params: Id,
    body: RoleIdsBody,
    response: { status: 204 },
    async handler({ ctx, params, body }) {
      await new UserService(ctx.stores).get(params.id);
      const roles = await new RbacService(ctx.stores).resolveRoles(body.roles);
      await ctx.stores.userAuthorization.assignRoles(roles.map((r) => ({ userId: params.id, roleId: r.id })));
    },
  }),
  route({
    method: 'DELETE',
    url: '/users/:id/roles',
    summary: 'Remove roles from a user',
    scopes: ['update:users', 'delete:role_members'],
    params: Id,
    body: RoleIdsBody,
    response: { status: 204 },
    async handler({ ctx, params, body }) {
      await new UserService(ctx.stores).get(params.id);
      await ctx.stores.userAuthorization.removeRoles(params.id, body.roles);
    },
  }),
  route({
    method: 'GET',
    url: '/users/:id/permissions',
    summary: "Get a user's permissions, direct and through roles, with their sources (paged)",
    scopes: ['read:users'],
    params: Id,
    query: PageQuery,
    response: { status: 200, schema: OffsetList('permissions', UserPermissionResponse) },
    async handler({ ctx, params, query }) {
      await new UserService(ctx.stores).get(params.id);
      const { page, perPage } = pageOf(query);
      const { items, total } = await ctx.stores.userAuthorization.listPermissions(params.id, page, perPage);
      return offsetResult('permissions', await new RbacService(ctx.stores).userPermissionViews(items), total, query);
    },
  }),
  route({
    method: 'POST',
    url: '/users/:id/permissions',
    summary: 'Assign permissions (API scopes) to a user directly',
    scopes: ['update:users'],
    params: Id,
    body: PermissionsBody,
    response: { status: 201 },
    async handler({ ctx, params, body }) {
      await new UserService(ctx.stores).get(params.id);
      await ctx.stores.userAuthorization.addPermissions(params.id, await new RbacService(ctx.stores).resolvePermissions(body.permissions));
    },
  }),
  route({
    method: 'DELETE',
    url: '/users/:id/permissions',
    summary: "Remove permissions from a user's direct permissions",
    scopes: ['update:users'],
    params: Id,
    body: PermissionsBody,
    response: { status: 204 },
    async handler({ ctx, params, body }) {
      await new UserService(ctx.stores).get(params.id);
      await ctx.stores.userAuthorization.removePermissions(params.id, await new RbacService(ctx.stores).resolvePermissions(body.permissions));
    },
  }),
];
