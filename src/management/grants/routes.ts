// /api/v2/grants (Auth0's user grants): the consents users gave applications. Removing one also
// revokes the refresh tokens issued under it (services/consents.ts).
import type { Static } from 'typebox';
import type { Consent } from '../../domain/grant.ts';
import { revokeConsent, revokeUserConsents } from '../../services/consents.ts';
import { route, type ManagementRoute } from '../route.ts';
import { offsetResult, pageOf } from '../pagination.ts';
import { IdParam } from '../schemas.ts';
import { GrantDeleteByUserQuery, GrantList, GrantListQuery, type GrantResponse } from './schema.ts';

export function grantView(c: Consent): Static<typeof GrantResponse> {
  return { id: c.id, clientID: c.clientId, user_id: c.userId, audience: c.audience, scope: c.scopes };
}

export const grantRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: '/grants',
    summary: 'Get user grants (filters user_id, client_id, audience; paged)',
    scopes: ['read:grants'],
    query: GrantListQuery,
    response: { status: 200, schema: GrantList },
    async handler({ ctx, query }) {
      const { page, perPage } = pageOf(query);
      const { items, total } = await ctx.stores.consents.list(
        {
          ...(query.user_id !== undefined ? { userId: query.user_id } : {}),
          ...(query.client_id !== undefined ? { clientId: query.client_id } : {}),
          ...(query.audience !== undefined ? { audience: query.audience } : {}),
        },
        page,
        perPage,
      );
      return offsetResult('grants', items.map(grantView), total, query);
    },
  }),
  route({
    method: 'DELETE',
    url: '/grants/:id',
    summary: "Delete a user grant, with the refresh tokens issued under it (204 also when it was gone, as Auth0's)",
    scopes: ['delete:grants'],
    params: IdParam('id', 'ID of the grant to delete'),
    response: { status: 204 },
    async handler({ ctx, params }) {
      await revokeConsent(ctx.stores, ctx.issuer, params.id);
    },
  }),
  route({
    method: 'DELETE',
    url: '/grants',
    summary: 'Delete every grant of a user, with the refresh tokens issued under them',
    scopes: ['delete:grants'],
    query: GrantDeleteByUserQuery,
    response: { status: 204 },
    async handler({ ctx, query }) {
      await revokeUserConsents(ctx.stores, query.user_id);
    },
  }),
];
