// /api/v2/users bodies and responses (SDK `CreateUserRequestContent`, `UpdateUserRequestContent`).
import { Type } from 'typebox';
import { DATABASE_CONNECTION } from '../../domain/user.ts';
import { FieldsQuery, OffsetQuery } from '../pagination.ts';

export const PASSWORD_MAX = 256;

const Text = (description: string, maxLength = 300) => Type.String({ minLength: 1, maxLength, description });
const Meta = (description: string) => Type.Object({}, { additionalProperties: true, description });

const profile = {
  email: Type.String({ format: 'email', maxLength: 320, description: "The user's email" }),
  email_verified: Type.Boolean({ description: 'Whether this email address is verified (true) or unverified (false)' }),
  blocked: Type.Boolean({ description: 'Whether this user was blocked by an administrator (true) or not (false)' }),
  name: Text("The user's full name"),
  given_name: Text("The user's given name(s)", 150),
  family_name: Text("The user's family name(s)", 150),
  nickname: Text("The user's nickname"),
  picture: Type.String({ format: 'uri', maxLength: 2048, description: "A URI pointing to the user's picture" }),
  user_metadata: Meta("Data related to the user that does not affect the application's core functionality"),
  app_metadata: Meta("Data related to the user that does affect the application's core functionality"),
  password: Type.String({ maxLength: PASSWORD_MAX, description: 'Initial password for this user' }),
  connection: Type.Literal(DATABASE_CONNECTION, { description: 'Name of the connection this user should be created in (the database connection)' }),
};

const optional = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Type.Optional(v as never)]));

export const UserCreate = Type.Object(
  { ...optional(profile), email: profile.email, password: profile.password },
  { additionalProperties: false, required: ['email', 'password'] },
);
export const UserPatch = Type.Object(optional(profile), { additionalProperties: false });

export const UserListQuery = Type.Object({
  ...OffsetQuery,
  ...FieldsQuery,
  q: Type.Optional(
    Type.String({
      maxLength: 2000,
      description: 'Query in Auth0\'s user search syntax: email:"jane@example.com", name:jan*, logins_count:[1 TO 10], app_metadata.plan:"gold", AND/OR/NOT',
    }),
  ),
  search_engine: Type.Optional(Type.Literal('v3', { description: 'The search engine: v3, the only one Latchkey implements' })),
  sort: Type.Optional(Type.String({ maxLength: 100, description: 'field:1 (ascending) or field:-1 (descending), e.g. created_at:1' })),
  connection: Type.Optional(Type.String({ maxLength: 100 })),
  primary_order: Type.Optional(Type.Boolean({ description: 'Accepted for Auth0 compatibility; results are always in a deterministic order' })),
});

export const UserGetQuery = Type.Object(FieldsQuery);

export const UsersByEmailQuery = Type.Object({
  ...FieldsQuery,
  email: Type.String({ minLength: 1, maxLength: 320, description: 'Email address to search for (case-insensitive).' }),
});

export const UserResponse = Type.Object({
  user_id: Type.String(),
  email: Type.String(),
  email_verified: Type.Boolean(),
  name: Type.String(),
  nickname: Type.String(),
  given_name: Type.Optional(Type.String()),
  family_name: Type.Optional(Type.String()),
  picture: Type.Optional(Type.String()),
  identities: Type.Array(Type.Object({ connection: Type.String(), provider: Type.Literal('auth0'), user_id: Type.String(), isSocial: Type.Boolean() })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
  blocked: Type.Boolean(),
  logins_count: Type.Integer(),
  last_login: Type.Optional(Type.String({ format: 'date-time' })),
  last_ip: Type.Optional(Type.String()),
  user_metadata: Type.Object({}, { additionalProperties: true }),
  app_metadata: Type.Object({}, { additionalProperties: true }),
});
