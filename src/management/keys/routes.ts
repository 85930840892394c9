// /api/v2/keys/signing: a tenant's token signing keys, their rotation and revocation, as at Auth0.
import { Type } from 'typebox';
import { route, type ManagementRoute } from '../route.ts';
import { IdParam } from '../schemas.ts';
import { KeyCertificateResponse, SigningKeyResponse } from './schema.ts';
import { certificateView, findSigningKey, listSigningKeys, revokeKey, rotateKeys, signingKeyView } from './service.ts';

const BASE = '/keys/signing';
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
    async handler({ ctx }) {
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
    async handler({ ctx, params }) {
      return certificateView(await revokeKey(ctx.stores, params.kid));
    },
  }),
];
