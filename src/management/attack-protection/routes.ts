// Auth0's brute-force protection settings, and the blocks they produce (user-blocks).
import { route, type ManagementRoute } from '../route.ts';
import { IdParam } from '../schemas.ts';
import { BruteForceProtectionPatch, BruteForceProtectionResponse, UnblockQuery, UserBlocksByIdQuery, UserBlocksQuery, UserBlocksResponse } from './schema.ts';
import { blocksOf, unblock, updateBruteForce, userIdentifier } from './service.ts';

const URL = '/attack-protection/brute-force-protection';
const Id = IdParam('id', 'ID of the user (auth0|...)');

export const attackProtectionRoutes: ManagementRoute[] = [
  route({
    method: 'GET',
    url: URL,
    summary: 'Get the brute-force protection settings',
    scopes: ['read:attack_protection'],
    response: { status: 200, schema: BruteForceProtectionResponse },
    async handler({ ctx }) {
      return ctx.stores.attackProtection.bruteForce();
    },
  }),
  route({
    method: 'PATCH',
    url: URL,
    summary: 'Update the brute-force protection settings (only the keys sent change)',
    scopes: ['update:attack_protection'],
    body: BruteForceProtectionPatch,
    response: { status: 200, schema: BruteForceProtectionResponse },
    async handler({ ctx, body }) {
      return updateBruteForce(ctx.stores, body);
    },
  }),
  route({
    method: 'GET',
    url: '/user-blocks',
    summary: 'Brute-force blocks of an identifier (email)',
    scopes: ['read:users'],
    query: UserBlocksQuery,
    response: { status: 200, schema: UserBlocksResponse },
    async handler({ ctx, query }) {
      return blocksOf(ctx.stores, query.identifier, query.consider_brute_force_enablement === true);
    },
  }),
  route({
    method: 'DELETE',
    url: '/user-blocks',
    summary: 'Lift the brute-force blocks of an identifier (email); users blocked by an administrator stay blocked',
    scopes: ['update:users'],
    query: UnblockQuery,
    response: { status: 204 },
    async handler({ ctx, query }) {
      await unblock(ctx.stores, query.identifier);
    },
  }),
  route({
    method: 'GET',
    url: '/user-blocks/:id',
    summary: "Brute-force blocks of a user's email",
    scopes: ['read:users'],
    params: Id,
    query: UserBlocksByIdQuery,
    response: { status: 200, schema: UserBlocksResponse },
    async handler({ ctx, params, query }) {
      return blocksOf(ctx.stores, await userIdentifier(ctx.stores, params.id), query.consider_brute_force_enablement === true);
    },
  }),
  route({
    method: 'DELETE',
    url: '/user-blocks/:id',
    summary: "Lift the brute-force blocks of a user's email; a user blocked by an administrator stays blocked",
    scopes: ['update:users'],
    params: Id,
    response: { status: 204 },
    async handler({ ctx, params }) {
      await unblock(ctx.stores, await userIdentifier(ctx.stores, params.id));
    },
  }),
];
