// /api/v2/clients bodies and responses (auth0-behaviour §3.3; SDK `Client`, `CreateClientRequestContent`).
import { REDIRECTION_POLICIES } from '../../domain/client.ts';
import { CLIENT_NAME_MAX_LENGTH } from '../../domain/client-name.ts';
import { Type } from 'typebox';
import { OffsetQuery, FieldsQuery } from '../pagination.ts';
import { UrlList } from '../schemas.ts';

export const APP_TYPES = ['native', 'spa', 'regular_web', 'non_interactive'] as const;
export const GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
  'password',
  'http://auth0.com/oauth/grant-type/password-realm',
] as const;

const AppType = Type.Union(
  APP_TYPES.map((t) => Type.Literal(t)),
  { description: 'Type of client: native, spa, regular_web or non_interactive' },
);
const AuthMethod = Type.Union(
  [Type.Literal('none'), Type.Literal('client_secret_post'), Type.Literal('client_secret_basic'), Type.Literal('private_key_jwt')],
  {
    description:
      'Client authentication at the token endpoint: none (public), client_secret_post, client_secret_basic, or private_key_jwt (set through client_authentication_methods)',
  },
);
const NullableAuthMethod = Type.Union([AuthMethod, Type.Null()], {
  description: 'As token_endpoint_auth_method; null together with client_authentication_methods',
});

/** A public key for private_key_jwt (Auth0 `PublicKeyCredential`; POST /clients/{id}/credentials). */
export const CredentialCreate = Type.Object(
  {
    credential_type: Type.String({ maxLength: 32, description: 'public_key' }),
    name: Type.Optional(Type.String({ maxLength: 128, description: 'Friendly name for a credential' })),
    pem: Type.Optional(Type.String({ maxLength: 16384, description: 'PEM-formatted public key (SPKI or PKCS#1) or X.509 certificate' })),
    alg: Type.Optional(Type.String({ maxLength: 16, description: 'RS256 or PS256 for RSA keys, ES256 for P-256, EdDSA for Ed25519; default: the first' })),
    kid: Type.Optional(Type.String({ maxLength: 64, description: 'Key ID ([0-9a-zA-Z-_]{10,64}); default: the JWK thumbprint' })),
    expires_at: Type.Optional(Type.String({ maxLength: 64, description: 'When the credential stops being accepted (ISO 8601); default: never' })),
  },
  { additionalProperties: false },
);
export const CredentialResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  credential_type: Type.String(),
  kid: Type.String(),
  alg: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  expires_at: Type.Optional(Type.String()),
});
const CredentialIds = Type.Array(Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }), { maxItems: 10 });
const authenticationMethods = <T extends ReturnType<typeof Type.Array>>(credentials: T) =>
  Type.Object(
    { private_key_jwt: Type.Optional(Type.Object({ credentials }, { additionalProperties: false })) },
    { additionalProperties: false, description: 'Client authentication methods: private_key_jwt with the credentials it accepts' },
  );
const JwtConfiguration = Type.Object(
  {
    alg: Type.Optional(Type.Literal('RS256', { description: 'Algorithm used to sign JWTs (RS256)' })),
    lifetime_in_seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 2592000, description: 'Number of seconds the ID token is valid' })),
  },
  { additionalProperties: false, description: 'Configuration related to JWTs for the client' },
);

const fields = {
  name: Type.String({
    minLength: 1,
    maxLength: CLIENT_NAME_MAX_LENGTH,
    pattern: '^[^<>]+$',
    description: `Name of this client (1-${CLIENT_NAME_MAX_LENGTH} characters; no \`<\` or \`>\`, control or invisible formatting characters)`,
  }),
  description: Type.String({ maxLength: 140, description: 'Free text description of this client (max length: 140 characters)' }),
  app_type: AppType,
  is_first_party: Type.Boolean({ description: 'Whether this client a first party client (true) or not (false)' }),
  oidc_conformant: Type.Boolean({ description: 'Whether this client conforms to strict OIDC specifications (true) or uses legacy features (false)' }),
  logo_uri: Type.String({ maxLength: 2048, description: 'URL of the logo to display for this client' }),
  callbacks: UrlList('Comma-separated list of URLs whitelisted for Auth0 to use as a callback to the client after authentication'),
  allowed_logout_urls: UrlList('Comma-separated list of URLs that are valid to redirect to after logout from Auth0'),
  web_origins: UrlList('Comma-separated list of allowed origins for use with Cross-Origin Authentication, Device Flow, and web message response mode'),
  allowed_origins: UrlList('Comma-separated list of allowed origins for use in CORS'),
  grant_types: Type.Array(Type.Union(GRANT_TYPES.map((g) => Type.Literal(g))), {
    maxItems: 10,
    uniqueItems: true,
    description: 'List of grant types supported for this application',
  }),
  token_endpoint_auth_method: AuthMethod,
  jwt_configuration: JwtConfiguration,
  redirection_policy: Type.Union(
    REDIRECTION_POLICIES.map((p) => Type.Literal(p)),
    {
      description:
        'open_redirect_protection: errors found before the user interacted show an error page instead of going to the callback (default for third-party and self-registered clients); allow_always: they go to the callback',
    },
  ),
};

const optional = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Type.Optional(v as never)]));

export const ClientCreate = Type.Object(
  {
    ...optional(fields),
    name: fields.name,
    token_endpoint_auth_method: Type.Optional(NullableAuthMethod),
    // On create Auth0 takes the credentials themselves, on update their ids.
    client_authentication_methods: Type.Optional(authenticationMethods(Type.Array(CredentialCreate, { minItems: 1, maxItems: 10 }))),
  },
  { additionalProperties: false, required: ['name'] },
);
export const ClientPatch = Type.Object(
  {
    ...optional(fields),
    token_endpoint_auth_method: Type.Optional(NullableAuthMethod),
    client_authentication_methods: Type.Optional(Type.Union([authenticationMethods(CredentialIds), Type.Null()])),
  },
  { additionalProperties: false },
);

export const ClientListQuery = Type.Object({
  ...OffsetQuery,
  ...FieldsQuery,
  is_first_party: Type.Optional(Type.Boolean({ description: 'Filter on whether or not a client is a first-party client' })),
  is_global: Type.Optional(Type.Boolean({ description: 'Filter on the global client parameter; no Latchkey client is global' })),
  external_client_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 2048, description: 'Only the client imported from this Client ID Metadata Document URL' }),
  ),
  app_type: Type.Optional(Type.String({ maxLength: 200, description: 'Optional filter by a comma-separated list of application types' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Search: a case-insensitive part of the name, or an exact client_id' })),
  dynamically_registered: Type.Optional(Type.Boolean({ description: 'Filter on whether the client registered itself with POST /oidc/register' })),
  unused_days: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 36_500,
      description: 'Only clients whose last use (or, if never used, registration) is more than this many days ago; 0: never used',
    }),
  ),
});

export const ClientGetQuery = Type.Object(FieldsQuery);

export const ClientResponse = Type.Object({
  tenant: Type.String(),
  global: Type.Boolean(),
  client_id: Type.String(),
  client_secret: Type.Optional(Type.String({ description: 'Only with read:client_keys (and on create / rotate-secret)' })),
  ...optional(fields),
  name: fields.name,
  client_metadata: Type.Record(Type.String(), Type.String()),
  client_authentication_methods: Type.Optional(authenticationMethods(CredentialIds)),
  dynamically_registered: Type.Boolean({ description: 'Whether the client registered itself with POST /oidc/register' }),
  registered_at: Type.Optional(Type.String({ format: 'date-time', description: 'When a dynamically registered client registered' })),
  registration_metadata: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'RFC 7591 metadata as registered' })),
  external_client_id: Type.Optional(
    Type.String({ description: 'The URL of the Client ID Metadata Document of a client imported from one (its client_id too)' }),
  ),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
  last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'The last authorization or token issued to the client (recorded at most once an hour); null if none was recorded',
  }),
});
