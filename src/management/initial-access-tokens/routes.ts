// /api/v2/registration/initial-access-tokens (RFC 7591 §3; beyond Auth0, which has none): the
// tenant owner hands out tokens that let a chosen party register clients at POST /oidc/register.
import { Type } from 'typebox';
import { route, type ManagementRoute } from '../route.ts';
import { IdParam } from '../schemas.ts';
import { CreatedInitialAccessTokenResponse, InitialAccessTokenCreate, InitialAccessTokenResponse } from './schema.ts';
import { createInitialAccessToken, deleteInitialAccessToken, initialAccessTokenView } from './service.ts';

const BASE = '/registration/initial-access-tokens';

export const initialAccessTokenRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: BASE,
    summary: 'Get initial access tokens (without the tokens themselves)',
    scopes: ['read:initial_access_tokens'],
    response: { status: 200, schema: Type.Array(InitialAccessTokenResponse) },
    async handler({ ctx }) {
      return (await ctx.stores.initialAccessTokens.list()).map(initialAccessTokenView);
    },
  }),
  route({
    method: 'POST',
    url: BASE,
    summary: 'Create an initial access token (the only answer that shows the token)',
    scopes: ['create:initial_access_tokens'],
    body: InitialAccessTokenCreate,
    response: { status: 201, schema: CreatedInitialAccessTokenResponse },
    async handler({ ctx, body }) {
      return createInitialAccessToken(ctx.stores, body);
    },
  }),
  route({
    method: 'DELETE',
    url: `${BASE}/:id`,
    summary: 'Revoke an initial access token',
    scopes: ['delete:initial_access_tokens'],
    params: IdParam('id', 'ID of the token (iat_...)'),
    response: { status: 204 },
    async handler({ ctx, params }) {
      await deleteInitialAccessToken(ctx.stores, params.id);
    },
  }),
];
