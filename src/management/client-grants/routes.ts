// /api/v2/client-grants (auth0-behaviour §3.5): offset paging, or checkpoint paging with from/take.
import { route, type ManagementRoute } from '../route.ts';
import { checkpointPage, offsetResult, pageOf } from '../pagination.ts';
import { IdParam } from '../schemas.ts';
import { ClientGrantCreate, ClientGrantList, ClientGrantListQuery, ClientGrantPatch, ClientGrantResponse } from './schema.ts';
import { ClientGrantService, clientGrantView } from './service.ts';

const Id = IdParam('id', 'ID of the client grant');

export const clientGrantRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/client-grants',
    summary: 'Get client grants (filters audience, client_id, subject_type; page/per_page or from/take)',
    scopes: ['read:client_grants'],
    query: ClientGrantListQuery,
    response: { status: 200, schema: ClientGrantList },
    async handler({ ctx, query }) {
      const all =
        query.allow_any_organization || query.default_for !== undefined
          ? []
          : await ctx.stores.clientGrants.list({
              ...(query.client_id !== undefined ? { clientId: query.client_id } : {}),
              ...(query.audience !== undefined ? { audience: query.audience } : {}),
              ...(query.subject_type !== undefined ? { subjectType: query.subject_type } : {}),
            });
      if (query.from !== undefined || query.take !== undefined) {
        const { items, next } = checkpointPage(all, query.from, query.take ?? 50);
        return { client_grants: items.map(clientGrantView), ...(next ? { next } : {}), ...(query.include_totals ? { total: all.length } : {}) };
      }
      const { page, perPage } = pageOf(query);
      return offsetResult('client_grants', all.slice(page * perPage, (page + 1) * perPage).map(clientGrantView), all.length, query);
    },
  }),
  route({
    method: 'POST',
    url: '/client-grants',
    summary: 'Create a client grant (one per client, audience and subject_type; scopes from the API)',
    scopes: ['create:client_grants'],
    body: ClientGrantCreate,
    response: { status: 201, schema: ClientGrantResponse },
    async handler({ ctx, body }) {
      return clientGrantView(await new ClientGrantService(ctx.stores).create(body));
    },
  }),
  route({
    method: 'GET',
    url: '/client-grants/:id',
    summary: 'Get a client grant',
    scopes: ['read:client_grants'],
    params: Id,
    response: { status: 200, schema: ClientGrantResponse },
    async handler({ ctx, params }) {
      return clientGrantView(await new ClientGrantService(ctx.stores).get(params.id));
    },
  }),
  route({
    method: 'PATCH',
    url: '/client-grants/:id',
    summary: 'Update a client grant (only its scope)',
    scopes: ['update:client_grants'],
    params: Id,
    body: ClientGrantPatch,
    response: { status: 200, schema: ClientGrantResponse },
    async handler({ ctx, params, body }) {
      return clientGrantView(await new ClientGrantService(ctx.stores).update(params.id, body));
    },
  }),
  route({
    method: 'DELETE',
    url: '/client-grants/:id',
    summary: 'Delete a client grant',
    scopes: ['delete:client_grants'],
    params: Id,
    response: { status: 204 },
    async handler({ ctx, params }) {
      await new ClientGrantService(ctx.stores).delete(params.id);
    },
  }),
];
