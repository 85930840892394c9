// /api/v2/resource-servers bodies and responses (auth0-behaviour §3.4).
import { Type } from 'typebox';
import { FieldsQuery, OffsetQuery } from '../pagination.ts';

export const MAX_TOKEN_LIFETIME = 2592000;

const Scope = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: 280, pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$', description: 'Value of this scope' }),
    description: Type.Optional(Type.String({ maxLength: 500, description: 'User-friendly description of this scope' })),
  },
  { additionalProperties: false },
);

/** Auth0's subject_type_authorization; a part left out keeps its value (PATCH) or default. */
const SubjectTypeAuthorization = Type.Object(
  {
    user: Type.Optional(
      Type.Object(
        {
          policy: Type.Union([Type.Literal('allow_all'), Type.Literal('deny_all'), Type.Literal('require_client_grant')], {
            description: 'Third-party apps getting tokens for users: allow_all (default), deny_all, or require_client_grant (a user-type client grant)',
          }),
        },
        { additionalProperties: false, required: ['policy'] },
      ),
    ),
    client: Type.Optional(
      Type.Object(
        {
          policy: Type.Union([Type.Literal('deny_all'), Type.Literal('require_client_grant')], {
            description: 'Apps getting tokens for themselves (client_credentials): require_client_grant (default, a client-type grant) or deny_all',
          }),
        },
        { additionalProperties: false, required: ['policy'] },
      ),
    ),
  },
  { additionalProperties: false, description: 'Defines application access permission for a resource server' },
);

const fields = {
  name: Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '^[^<>]+$',
    description: 'Friendly name for this resource server. Can not contain `<` or `>` characters',
  }),
  scopes: Type.Array(Scope, { maxItems: 1000, description: 'List of permissions (scopes) that this API uses' }),
  signing_alg: Type.Literal('RS256', { description: 'Algorithm used to sign access tokens (RS256)' }),
  token_lifetime: Type.Integer({
    minimum: 1,
    maximum: MAX_TOKEN_LIFETIME,
    description: 'Expiration value (in seconds) for access tokens issued for this API from the token endpoint',
  }),
  token_lifetime_for_web: Type.Integer({
    minimum: 1,
    maximum: MAX_TOKEN_LIFETIME,
    description: 'Expiration value (in seconds) for access tokens issued for this API via Implicit or Hybrid Flows',
  }),
  allow_offline_access: Type.Boolean({ description: 'Whether refresh tokens can be issued for this API (true) or not (false)' }),
  skip_consent_for_verifiable_first_party_clients: Type.Boolean({
    description: 'Whether to skip user consent for applications flagged as first party (true) or not (false)',
  }),
  subject_type_authorization: SubjectTypeAuthorization,
  enforce_policies: Type.Boolean({
    description: 'Whether authorization policies are enforced (RBAC): user tokens carry only the requested scopes the user holds as permissions',
  }),
  token_dialect: Type.Union(
    [Type.Literal('access_token'), Type.Literal('access_token_authz'), Type.Literal('rfc9068_profile'), Type.Literal('rfc9068_profile_authz')],
    {
      description:
        'Dialect of issued access tokens: access_token, access_token_authz (adds permissions), rfc9068_profile (RFC 9068), rfc9068_profile_authz. The _authz dialects require enforce_policies',
    },
  ),
};

const optional = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Type.Optional(v as never)]));

export const ResourceServerCreate = Type.Object(
  {
    identifier: Type.String({
      minLength: 1,
      maxLength: 600,
      description: 'Unique identifier for the API used as the audience parameter on authorization calls. Can not be changed once set',
    }),
    ...optional(fields),
  },
  { additionalProperties: false, required: ['identifier'] },
);

/** `identifier` is immutable, so it is not a PATCH property. */
export const ResourceServerPatch = Type.Object(optional(fields), { additionalProperties: false });

export const ResourceServerListQuery = Type.Object({
  ...OffsetQuery,
  include_fields: FieldsQuery.include_fields,
  identifiers: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 600 }), {
      maxItems: 100,
      description: 'An optional filter on the resource server identifier. Must be URL encoded and may be specified multiple times (max 100).',
    }),
  ),
});

export const ResourceServerResponse = Type.Object({
  id: Type.String(),
  identifier: Type.String(),
  is_system: Type.Boolean(),
  ...fields,
});
