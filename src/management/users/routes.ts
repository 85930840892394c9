// /api/v2/users: the database connection's users. Password hashes never leave the store layer.
import { Type } from 'typebox';
import { route, type ManagementRoute } from '../route.ts';
import { offsetResult, pageOf, pickFields } from '../pagination.ts';
import { IdParam } from '../schemas.ts';
import { UserCreate, UserGetQuery, UserListQuery, UserPatch, UserResponse, UsersByEmailQuery } from './schema.ts';
import { UserService, userView } from './service.ts';
import { userFilterOf, userSortOf } from './search/index.ts';

const Id = IdParam('id', 'ID of the user (auth0|...)');

export const userRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/users',
    summary: "List or search users (q in Auth0's user search query syntax; sort; paged)",
    scopes: ['read:users'],
    query: UserListQuery,
    response: {
      status: 200,
      schema: Type.Union([
        Type.Array(UserResponse),
        Type.Object({ total: Type.Integer(), start: Type.Integer(), limit: Type.Integer(), users: Type.Array(UserResponse) }),
      ]),
    },
    async handler({ ctx, query }) {
      const { page, perPage } = pageOf(query);
      const filter = userFilterOf(query.q);
      const sort = userSortOf(query.sort);
      const { users, total } = await ctx.stores.users.list({ page, perPage, ...(filter ? { filter } : {}), ...(sort ? { sort } : {}) });
      return offsetResult(
        'users',
        users.map((u) => pickFields(userView(u), query.fields, query.include_fields)),
        total,
        query,
      );
    },
  }),
  route({
    method: 'GET',
    url: '/users-by-email',
    summary: 'Users with this email address (exact, ignoring case)',
    scopes: ['read:users'],
    query: UsersByEmailQuery,
    response: { status: 200, schema: Type.Array(UserResponse) },
    async handler({ ctx, query }) {
      const users = await ctx.stores.users.listByEmail(query.email);
      return users.map((u) => pickFields(userView(u), query.fields, query.include_fields));
    },
  }),
  route({
    method: 'POST',
    url: '/users',
    summary: 'Create a user in the database connection',
    scopes: ['create:users'],
    body: UserCreate,
    response: { status: 201, schema: UserResponse },
    async handler({ ctx, body }) {
      return userView(await new UserService(ctx.stores).create(body));
    },
  }),
  route({
    method: 'GET',
    url: '/users/:id',
    summary: 'Get a user',
    scopes: ['read:users'],
    params: Id,
    query: UserGetQuery,
    response: { status: 200, schema: UserResponse },
    async handler({ ctx, params, query }) {
      return pickFields(userView(await new UserService(ctx.stores).get(params.id)), query.fields, query.include_fields);
    },
  }),
  route({
    method: 'PATCH',
    url: '/users/:id',
    summary: 'Update a user (metadata merges by top-level key; null removes a key)',
    scopes: ['update:users'],
    params: Id,
    body: UserPatch,
    response: { status: 200, schema: UserResponse },
    async handler({ ctx, params, body }) {
      return userView(await new UserService(ctx.stores).update(params.id, body));
    },
  }),
  route({
    method: 'DELETE',
    url: '/users/:id',
    summary: 'Delete a user',
    scopes: ['delete:users'],
    params: Id,
    response: { status: 204 },
    async handler({ ctx, params }) {
      await new UserService(ctx.stores).delete(params.id);
    },
  }),
];
