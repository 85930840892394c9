// /api/v2/client-grants bodies and responses (auth0-behaviour §3.5).
import { Type } from 'typebox';
import { CheckpointQuery, OffsetQuery } from '../pagination.ts';

const ScopeList = Type.Array(Type.String({ minLength: 1, maxLength: 280 }), {
  maxItems: 1000,
  uniqueItems: true,
  description: 'Scopes allowed for this client grant',
});

/** Auth0's subject_type: the client's own tokens (client_credentials) or its users' tokens. */
const SubjectType = Type.Union([Type.Literal('client'), Type.Literal('user')], {
  description:
    "client (default): the app may get tokens for itself (client_credentials); user: a third-party app may get tokens for its users under the API's require_client_grant policy",
});

export const ClientGrantCreate = Type.Object(
  {
    client_id: Type.String({ minLength: 1, maxLength: 255, description: 'ID of the client' }),
    audience: Type.String({ minLength: 1, maxLength: 600, description: 'The audience (API identifier) of this client grant' }),
    scope: Type.Optional(ScopeList),
    subject_type: Type.Optional(SubjectType),
  },
  { additionalProperties: false, required: ['client_id', 'audience'] },
);

export const ClientGrantPatch = Type.Object({ scope: Type.Optional(ScopeList) }, { additionalProperties: false });

export const ClientGrantListQuery = Type.Object({
  ...OffsetQuery,
  ...CheckpointQuery,
  audience: Type.Optional(Type.String({ maxLength: 600, description: 'Optional filter on audience' })),
  client_id: Type.Optional(Type.String({ maxLength: 255, description: 'Optional filter on client_id' })),
  subject_type: Type.Optional(SubjectType),
  default_for: Type.Optional(
    Type.Literal('third_party_clients', {
      description: "Optional filter on default_for; Latchkey's third-party defaults are the API's policy, not client grants, so none matches",
    }),
  ),
  allow_any_organization: Type.Optional(
    Type.Boolean({ description: 'Optional filter on allow_any_organization; Latchkey has no organizations, so no grant allows any' }),
  ),
});

export const ClientGrantResponse = Type.Object({
  id: Type.String(),
  client_id: Type.String(),
  audience: Type.String(),
  scope: Type.Array(Type.String()),
  subject_type: SubjectType,
});

export const ClientGrantList = Type.Union([
  Type.Array(ClientGrantResponse),
  Type.Object({ total: Type.Integer(), start: Type.Integer(), limit: Type.Integer(), client_grants: Type.Array(ClientGrantResponse) }),
  Type.Object({ client_grants: Type.Array(ClientGrantResponse), next: Type.Optional(Type.String()), total: Type.Optional(Type.Integer()) }),
]);
