// /api/v2/grants: users' consents to applications, as Auth0 names them (user grants).
import { Type } from 'typebox';
import { OffsetQuery } from '../pagination.ts';

const UserId = Type.String({ minLength: 1, maxLength: 255, description: 'user_id of the grants to retrieve' });

export const GrantListQuery = Type.Object({
  ...OffsetQuery,
  user_id: Type.Optional(UserId),
  client_id: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'client_id of the grants to retrieve' })),
  audience: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'audience of the grants to retrieve' })),
});

export const GrantDeleteByUserQuery = Type.Object(
  { user_id: Type.String({ minLength: 1, maxLength: 255, description: 'user_id of the grants to delete' }) },
  { required: ['user_id'] },
);

export const GrantResponse = Type.Object({
  id: Type.String({ description: 'ID of the grant' }),
  clientID: Type.String({ description: 'ID of the client' }),
  user_id: Type.String({ description: 'ID of the user' }),
  audience: Type.String({ description: 'Audience of the grant (an API identifier, or the /userinfo URL for sign-in alone)' }),
  scope: Type.Array(Type.String(), { description: 'Scopes included in this grant' }),
});

export const GrantList = Type.Union([
  Type.Array(GrantResponse),
  Type.Object({ start: Type.Integer(), limit: Type.Integer(), total: Type.Integer(), grants: Type.Array(GrantResponse) }),
]);
