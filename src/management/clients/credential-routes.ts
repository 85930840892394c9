// /api/v2/clients/{id}/credentials (Auth0): the public keys a client may sign private_key_jwt
// assertions with. A credential authenticates the client once PATCH /clients/{id} names it in
// client_authentication_methods.private_key_jwt.credentials.
import { Type } from 'typebox';
import type { Storage } from '../../storage/ports.ts';
import type { RequestContext } from '../../tenancy/context.ts';
import { route, type ManagementRoute } from '../route.ts';
import { CredentialCreate, CredentialResponse } from './schema.ts';
import { ClientService } from './service.ts';
import { credentialView } from './credentials.ts';

const ClientId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 512, description: 'ID of the client' }) }, { required: ['id'] });
const CredentialIds = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 512, description: 'ID of the client' }),
    credential_id: Type.String({ minLength: 1, maxLength: 64, description: 'ID of the credential' }),
  },
  { required: ['id', 'credential_id'] },
);
const service = (ctx: RequestContext, storage: Storage) => new ClientService(storage, ctx.stores);

export const clientCredentialRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/clients/:id/credentials',
    summary: "Get a client's credentials (public keys for private_key_jwt)",
    scopes: ['read:client_credentials', 'read:client_keys'],
    params: ClientId,
    response: { status: 200, schema: Type.Array(CredentialResponse) },
    async handler({ ctx, services, params }) {
      return ((await service(ctx, services.storage).get(params.id)).credentials ?? []).map(credentialView);
    },
  }),
  route({
    method: 'POST',
    url: '/clients/:id/credentials',
    summary: 'Create a client credential (a public key in PEM: SPKI, PKCS#1 or an X.509 certificate)',
    scopes: ['create:client_credentials', 'update:client_keys'],
    params: ClientId,
    body: CredentialCreate,
    response: { status: 201, schema: CredentialResponse },
    async handler({ ctx, services, params, body }) {
      return credentialView(await service(ctx, services.storage).addCredential(params.id, body));
    },
  }),
  route({
    method: 'GET',
    url: '/clients/:id/credentials/:credential_id',
    summary: 'Get a client credential',
    scopes: ['read:client_credentials', 'read:client_keys'],
    params: CredentialIds,
    response: { status: 200, schema: CredentialResponse },
    async handler({ ctx, services, params }) {
      return credentialView(await service(ctx, services.storage).credential(params.id, params.credential_id));
    },
  }),
  route({
    method: 'DELETE',
    url: '/clients/:id/credentials/:credential_id',
    summary: 'Delete a client credential (it stops authenticating the client at once)',
    scopes: ['delete:client_credentials', 'update:client_keys'],
    params: CredentialIds,
    response: { status: 204 },
    async handler({ ctx, services, params }) {
      await service(ctx, services.storage).deleteCredential(params.id, params.credential_id);
    },
  }),
];
