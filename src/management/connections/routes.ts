// /api/v2/connections: list, get, and the enabled clients of the database connection.
import { Type } from 'typebox';
import { route, type ManagementRoute } from '../route.ts';
import { checkpointPage, offsetResult, pageOf, pickFields } from '../pagination.ts';
import { IdParam } from '../schemas.ts';
import { ConnectionClientsPatch, ConnectionClientsResponse, ConnectionListQuery, ConnectionPatch, ConnectionResponse } from './schema.ts';
import { ConnectionService, connectionView } from './service.ts';
import { FieldsQuery } from '../pagination.ts';
import type { ConnectionOptions } from '../../domain/connection.ts';

const Id = IdParam('id', 'ID of the connection (con_...)');

export const connectionRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/connections',
    summary: 'Get connections (filters strategy, name; page/per_page or from/take)',
    scopes: ['read:connections'],
    query: ConnectionListQuery,
    response: {
      status: 200,
      schema: Type.Union([Type.Array(ConnectionResponse), Type.Object({ connections: Type.Array(ConnectionResponse) }, { additionalProperties: true })]),
    },
    async handler({ ctx, query }) {
      const strategies = query.strategy?.flatMap((s) => s.split(','));
      const all = (await new ConnectionService(ctx.stores).list()).filter(
        (c) => (strategies === undefined || strategies.includes(c.strategy)) && (query.name === undefined || c.name === query.name),
      );
      const view = (c: (typeof all)[number]) => pickFields(connectionView(c), query.fields, query.include_fields);
      if (query.from !== undefined || query.take !== undefined) {
        const { items, next } = checkpointPage(all, query.from, query.take ?? 50);
        return { connections: items.map(view), ...(next ? { next } : {}) };
      }
      const { page, perPage } = pageOf(query);
      return offsetResult('connections', all.slice(page * perPage, (page + 1) * perPage).map(view), all.length, query);
    },
  }),
  route({
    method: 'GET',
    url: '/connections/:id',
    summary: 'Get a connection',
    scopes: ['read:connections'],
    params: Id,
    query: Type.Object(FieldsQuery),
    response: { status: 200, schema: ConnectionResponse },
    async handler({ ctx, params, query }) {
      return pickFields(connectionView(await new ConnectionService(ctx.stores).get(params.id)), query.fields, query.include_fields);
    },
  }),
  route({
    method: 'PATCH',
    url: '/connections/:id',
    summary: 'Update a connection (enabled_clients; options, which replaces the whole options object)',
    scopes: ['update:connections'],
    params: Id,
    body: ConnectionPatch,
    response: { status: 200, schema: ConnectionResponse },
    async handler({ ctx, params, body }) {
      const service = new ConnectionService(ctx.stores);
      const id = params.id;
      const enabled = body.enabled_clients;
      let c = enabled === undefined ? await service.get(id) : await service.setEnabledClients(id, enabled);
      if (body.options !== undefined) c = await service.setOptions(id, body.options as ConnectionOptions);
      return connectionView(c);
    },
  }),
  route({
    method: 'GET',
    url: '/connections/:id/clients',
    summary: 'Get the clients for which a connection is enabled',
    scopes: ['read:connections'],
    params: Id,
    response: { status: 200, schema: ConnectionClientsResponse },
    async handler({ ctx, params }) {
      const c = await new ConnectionService(ctx.stores).get(params.id);
      return { clients: c.enabled_clients.map((client_id) => ({ client_id })) };
    },
  }),
  route({
    method: 'PATCH',
    url: '/connections/:id/clients',
    summary: 'Enable or disable a connection for clients',
    scopes: ['update:connections'],
    params: Id,
    body: ConnectionClientsPatch,
    response: { status: 204 },
    async handler({ ctx, params, body }) {
      const service = new ConnectionService(ctx.stores);
      const c = await service.get(params.id);
      const changes = body;
      const enabled = new Set(c.enabled_clients);
      for (const { client_id, status } of changes) status ? enabled.add(client_id) : enabled.delete(client_id);
      await service.setEnabledClients(c.id, [...enabled]);
    },
  }),
];
