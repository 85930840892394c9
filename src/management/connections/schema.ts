// /api/v2/connections: the tenant's one database connection (auth0-behaviour §1.5).
import { Type } from 'typebox';
import { CheckpointQuery, FieldsQuery, OffsetQuery } from '../pagination.ts';
import { MIN_LENGTH_LIMITS } from '../../domain/password-policy.ts';

const ClientIds = Type.Array(Type.String({ minLength: 1, maxLength: 255 }), {
  maxItems: 1000,
  description: 'The client_ids of the applications for which the connection is enabled',
});

// Auth0's database connection options; the ones below are applied, others are kept as given.
export const ConnectionOptionsSchema = Type.Object(
  {
    disable_signup: Type.Optional(Type.Boolean({ description: 'Refuse sign-ups (the login page hides its Sign up link)' })),
    password_policy: Type.Optional(
      Type.Union([Type.Literal('none'), Type.Literal('low'), Type.Literal('fair'), Type.Literal('good'), Type.Literal('excellent'), Type.Null()], {
        description: 'Password strength for sign-up and password changes (default good)',
      }),
    ),
    password_complexity_options: Type.Optional(
      Type.Object(
        { min_length: Type.Optional(Type.Integer({ minimum: MIN_LENGTH_LIMITS.min, maximum: MIN_LENGTH_LIMITS.max })) },
        { additionalProperties: false },
      ),
    ),
    password_no_personal_info: Type.Optional(Type.Object({ enable: Type.Boolean() }, { additionalProperties: false })),
    password_dictionary: Type.Optional(
      Type.Object(
        { enable: Type.Boolean(), dictionary: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 2000 })) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: true, maxProperties: 50 },
);

export const ConnectionPatch = Type.Object(
  {
    enabled_clients: Type.Optional(ClientIds),
    options: Type.Optional(ConnectionOptionsSchema),
  },
  { additionalProperties: false },
);

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
  strategy: Type.Optional(
    Type.Array(Type.String({ maxLength: 100 }), {
      maxItems: 20,
      description: 'Only connections of these strategies (repeatable, or comma-separated)',
    }),
  ),
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
