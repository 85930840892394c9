// /api/v2/keys/signing: a tenant's token signing keys, their rotation and revocation, as at Auth0.
import { Type } from 'typebox';
import { invalidBody } from '../errors.ts';
import { route, type ManagementRoute } from '../route.ts';
import { IdParam } from '../schemas.ts';
import { KeyCertificateResponse, SigningKeyResponse } from './schema.ts';
import { certificateView, findSigningKey, listSigningKeys, revokeKey, rotateKeys, signingKeyView } from './service.ts';

const BASE = '/keys/signing';

/** Rotate and revoke take no body (Auth0's SDK sends none); an empty object is tolerated. */
function refuseBody(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return;
  const extra = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body)[0] : undefined;
  throw invalidBody(extra ? `Additional properties not allowed: ${extra}` : 'This endpoint takes no body');
}
const KidParam = IdParam('kid', 'Key id of the signing key');

export const signingKeyRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: BASE,
    summary: 'Get all signing keys',
    scopes: ['read:signing_keys'],
    response: { status: 200, schema: Type.Array(SigningKeyResponse) },
    async handler({ ctx }) {
      return (await listSigningKeys(ctx.stores)).map(signingKeyView);
    },
  }),
  route({
    method: 'POST',
    url: `${BASE}/rotate`,
    summary: 'Rotate the signing key: the next key becomes current, the current one previous, and a new next key is made',
    scopes: ['create:signing_keys', 'update:signing_keys'],
    response: { status: 201, schema: KeyCertificateResponse },
    async handler({ ctx, body }) {
      refuseBody(body);
      return certificateView(await rotateKeys(ctx));
    },
  }),
  route({
    method: 'GET',
    url: `${BASE}/:kid`,
    summary: 'Get a signing key by its key id',
    scopes: ['read:signing_keys'],
    params: KidParam,
    response: { status: 200, schema: SigningKeyResponse },
    async handler({ ctx, params }) {
      return signingKeyView(await findSigningKey(ctx.stores, params.kid));
    },
  }),
  route({
    method: 'PUT',
    url: `${BASE}/:kid/revoke`,
    summary: 'Revoke a previous signing key: it leaves the JWKS and the tokens it signed stop verifying',
    scopes: ['update:signing_keys'],
    params: KidParam,
    response: { status: 200, schema: KeyCertificateResponse },
    async handler({ ctx, params, body }) {
      refuseBody(body);
      return certificateView(await revokeKey(ctx.stores, params.kid));
    },
  }),
];
