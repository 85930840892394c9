// /api/v2/connections: the tenant's one database connection (auth0-behaviour §1.5).
import { Type } from 'typebox';
import { CheckpointQuery, FieldsQuery, OffsetQuery } from '../pagination.ts';

const ClientIds = Type.Array(Type.String({ minLength: 1, maxLength: 255 }), {
  maxItems: 1000,
  description: 'The client_ids of the applications for which the connection is enabled',
});

export const ConnectionPatch = Type.Object({ enabled_clients: Type.Optional(ClientIds) }, { additionalProperties: false });

export const ConnectionClientsPatch = Type.Array(
  Type.Object(
    {
      client_id: Type.String({ minLength: 1, maxLength: 255, description: 'The client_id of the application' }),
      status: Type.Boolean({ description: 'Whether the connection is enabled (true) or disabled (false) for the application' }),
    },
    { additionalProperties: false, required: ['client_id', 'status'] },
  ),
  { maxItems: 1000 },
);

export const ConnectionListQuery = Type.Object({
  ...OffsetQuery,
  ...CheckpointQuery,
  ...FieldsQuery,
  strategy: Type.Optional(Type.String({ maxLength: 100, description: 'Only connections of this strategy' })),
  name: Type.Optional(Type.String({ maxLength: 200, description: 'Only the connection with this name' })),
});

export const ConnectionResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  strategy: Type.Literal('auth0'),
  is_domain_connection: Type.Boolean(),
  enabled_clients: Type.Array(Type.String()),
  realms: Type.Array(Type.String()),
  options: Type.Object({}, { additionalProperties: true }),
});

export const ConnectionClientsResponse = Type.Object({
  clients: Type.Array(Type.Object({ client_id: Type.String() })),
  next: Type.Optional(Type.String()),
});
