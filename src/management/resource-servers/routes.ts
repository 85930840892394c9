// /api/v2/resource-servers (auth0-behaviour §3.4). `{id}` is the id or the URL-encoded identifier.
import { Type } from 'typebox';
import type { RequestContext } from '../../tenancy/context.ts';
import type { Storage } from '../../storage/ports.ts';
import { route, type ManagementRoute } from '../route.ts';
import { offsetResult, pageOf } from '../pagination.ts';
import { IdParam } from '../schemas.ts';
import { ResourceServerCreate, ResourceServerListQuery, ResourceServerPatch, ResourceServerResponse } from './schema.ts';
import { ResourceServerService, resourceServerView } from './service.ts';

const Id = IdParam('id', 'ID or the URL-encoded identifier (audience) of the resource server');
const service = (ctx: RequestContext, storage: Storage) => new ResourceServerService(storage, ctx.stores);

export const resourceServerRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/resource-servers',
    summary: 'Get resource servers (filter identifiers, repeatable; paged)',
    scopes: ['read:resource_servers'],
    query: ResourceServerListQuery,
    response: {
      status: 200,
      schema: Type.Union([
        Type.Array(ResourceServerResponse),
        Type.Object({ total: Type.Integer(), start: Type.Integer(), limit: Type.Integer(), resource_servers: Type.Array(ResourceServerResponse) }),
      ]),
    },
    async handler({ ctx, query }) {
      const { page, perPage } = pageOf(query);
      const { items, total } = await ctx.stores.resourceServers.list(page, perPage, query.identifiers ? { identifiers: query.identifiers } : {});
      return offsetResult('resource_servers', items.map(resourceServerView), total, query);
    },
  }),
  route({
    method: 'POST',
    url: '/resource-servers',
    summary: 'Create a resource server',
    scopes: ['create:resource_servers'],
    body: ResourceServerCreate,
    response: { status: 201, schema: ResourceServerResponse },
    async handler({ ctx, services, body }) {
      return resourceServerView(await service(ctx, services.storage).create(body));
    },
  }),
  route({
    method: 'GET',
    url: '/resource-servers/:id',
    summary: 'Get a resource server',
    scopes: ['read:resource_servers'],
    params: Id,
    response: { status: 200, schema: ResourceServerResponse },
    async handler({ ctx, services, params }) {
      return resourceServerView(await service(ctx, services.storage).get(params.id));
    },
  }),
  route({
    method: 'PATCH',
    url: '/resource-servers/:id',
    summary: 'Update a resource server (identifier is immutable; system APIs: token lifetimes only)',
    scopes: ['update:resource_servers'],
    params: Id,
    body: ResourceServerPatch,
    response: { status: 200, schema: ResourceServerResponse },
    async handler({ ctx, services, params, body }) {
      return resourceServerView(await service(ctx, services.storage).update(params.id, body));
    },
  }),
  route({
    method: 'DELETE',
    url: '/resource-servers/:id',
    summary: 'Delete a resource server (and its client grants); system APIs cannot be deleted',
    scopes: ['delete:resource_servers'],
    params: Id,
    response: { status: 204 },
    async handler({ ctx, services, params }) {
      await service(ctx, services.storage).delete(params.id);
    },
  }),
];
