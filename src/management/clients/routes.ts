// /api/v2/clients (auth0-behaviour §3.3). client_secret is shown only to tokens holding
// read:client_keys, and in the answers of create and rotate-secret.
import { unusedFor, type Client } from '../../domain/client.ts';
import type { Storage } from '../../storage/ports.ts';
import type { RequestContext } from '../../tenancy/context.ts';
import type { ManagementAuth } from '../auth.ts';
import { route, WithStatus, type ManagementRoute } from '../route.ts';
import { previewCimd, registerCimd } from './cimd.ts';
import { offsetResult, pageOf, pickFields } from '../pagination.ts';
import { IdParam } from '../schemas.ts';
import { ClientCreate, ClientGetQuery, ClientListQuery, ClientPatch, ClientResponse } from './schema.ts';
import { ClientService } from './service.ts';
import { clientView } from './view.ts';
import { Type } from 'typebox';

const Id = IdParam('id', 'ID of the client');
const service = (ctx: RequestContext, storage: Storage) => new ClientService(storage, ctx.stores);
const canSeeSecrets = (auth: ManagementAuth) => auth.scopes.has('read:client_keys');
const view = (ctx: RequestContext, client: Client, withSecret: boolean) => clientView(client, ctx.tenant.name, withSecret);

const CimdBody = Type.Object(
  { external_client_id: Type.String({ minLength: 1, maxLength: 2048, description: 'URL of the Client ID Metadata Document' }) },
  { additionalProperties: false },
);
const CimdValidation = Type.Object({ valid: Type.Boolean(), violations: Type.Array(Type.String()), warnings: Type.Array(Type.String()) });
const MappedFields = Type.Object({ external_client_id: Type.String() }, { additionalProperties: true, description: 'The client fields the document sets' });

export const clientRoutes: ManagementRoute[] = [
  route({
    method: 'POST',
    url: '/clients/cimd/preview',
    summary: 'Fetch and validate a Client ID Metadata Document and show how it maps to a client (creates nothing)',
    scopes: ['read:clients'],
    body: CimdBody,
    response: {
      status: 200,
      schema: Type.Object({
        client_id: Type.Optional(Type.String({ description: 'The client already imported from this URL, if any' })),
        errors: Type.Array(Type.String()),
        validation: CimdValidation,
        mapped_fields: MappedFields,
      }),
    },
    async handler({ ctx, services, body }) {
      return previewCimd(ctx, services, body.external_client_id);
    },
  }),
  route({
    method: 'POST',
    url: '/clients/cimd/register',
    summary: 'Create (201, create:clients) or refresh (200, update:clients) the client a Client ID Metadata Document describes',
    scopes: ['create:clients', 'update:clients'],
    body: CimdBody,
    response: {
      status: 201,
      description: '201 when the client is created, 200 when it already existed and was refreshed from its document',
      schema: Type.Object({ client_id: Type.String(), mapped_fields: MappedFields, validation: CimdValidation }),
    },
    async handler({ ctx, services, auth, body }) {
      const { created, body: answer } = await registerCimd(ctx, services, auth, body.external_client_id);
      return new WithStatus(created ? 201 : 200, answer);
    },
  }),
  route({
    method: 'GET',
    url: '/clients',
    summary: 'Get clients (filters is_first_party, app_type, q, dynamically_registered, unused_days, external_client_id; paged)',
    scopes: ['read:clients', 'read:client_keys'],
    query: ClientListQuery,
    response: {
      status: 200,
      schema: Type.Union([
        Type.Array(ClientResponse),
        Type.Object({ total: Type.Integer(), start: Type.Integer(), limit: Type.Integer(), clients: Type.Array(ClientResponse) }),
      ]),
    },
    async handler({ ctx, auth, query }) {
      if (query.is_global) return offsetResult('clients', [], 0, query);
      const { page, perPage } = pageOf(query);
      const appTypes = query.app_type
        ?.split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const { clients, total } = await ctx.stores.clients.list({
        page,
        perPage,
        ...(query.is_first_party !== undefined ? { isFirstParty: query.is_first_party } : {}),
        ...(appTypes?.length ? { appTypes } : {}),
        ...(query.q ? { search: query.q } : {}),
        ...(query.dynamically_registered !== undefined ? { dynamicallyRegistered: query.dynamically_registered } : {}),
        ...(query.unused_days !== undefined ? { unused: unusedFor(query.unused_days, new Date()) } : {}),
        ...(query.external_client_id !== undefined ? { externalClientId: query.external_client_id } : {}),
      });
      const items = clients.map((c) => pickFields(view(ctx, c, canSeeSecrets(auth)), query.fields, query.include_fields));
      return offsetResult('clients', items, total, query);
    },
  }),
  route({
    method: 'POST',
    url: '/clients',
    summary: 'Create a client',
    scopes: ['create:clients'],
    body: ClientCreate,
    response: { status: 201, schema: ClientResponse },
    async handler({ ctx, services, body }) {
      const client = await service(ctx, services.storage).create(body);
      return view(ctx, client, true);
    },
  }),
  route({
    method: 'GET',
    url: '/clients/:id',
    summary: 'Get a client',
    scopes: ['read:clients', 'read:client_keys'],
    params: Id,
    query: ClientGetQuery,
    response: { status: 200, schema: ClientResponse },
    async handler({ ctx, services, auth, params, query }) {
      const client = await service(ctx, services.storage).get(params.id);
      return pickFields(view(ctx, client, canSeeSecrets(auth)), query.fields, query.include_fields);
    },
  }),
  route({
    method: 'PATCH',
    url: '/clients/:id',
    summary: 'Update a client',
    scopes: ['update:clients', 'update:client_keys'],
    params: Id,
    body: ClientPatch,
    response: { status: 200, schema: ClientResponse },
    async handler({ ctx, services, auth, params, body }) {
      const client = await service(ctx, services.storage).update(params.id, body);
      return view(ctx, client, canSeeSecrets(auth) || auth.scopes.has('update:client_keys'));
    },
  }),
  route({
    method: 'DELETE',
    url: '/clients/:id',
    summary: 'Delete a client (and its client grants)',
    scopes: ['delete:clients'],
    params: Id,
    response: { status: 204 },
    async handler({ ctx, services, params }) {
      await service(ctx, services.storage).delete(params.id);
    },
  }),
  route({
    method: 'POST',
    url: '/clients/:id/rotate-secret',
    summary: 'Rotate a client secret',
    scopes: ['update:client_keys'],
    params: Id,
    response: { status: 200, schema: ClientResponse },
    async handler({ ctx, services, params }) {
      return view(ctx, await service(ctx, services.storage).rotateSecret(params.id), true);
    },
  }),
];
