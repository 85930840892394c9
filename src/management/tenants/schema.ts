// /api/v2/tenants/settings bodies (auth0-behaviour §2.2). `flags` accepts only the flags we know,
// each optional, at least one: Auth0's PATCH merges flags key by key.
import { Type, type Static, type TSchema } from 'typebox';
import { TENANT_FLAGS } from '../../domain/tenant.ts';

const FLAGS_DESCRIPTION = 'Flags used to change the behavior of this tenant';

const flagProperties = Object.fromEntries(TENANT_FLAGS.map((f) => [f, Type.Optional(Type.Boolean())]));

const SecurityMode = Type.Union([Type.Literal('permissive'), Type.Literal('strict')], {
  description: 'Profile of clients created by POST /oidc/register: permissive (classic) or strict (third-party security controls).',
});

const RateLimitFields = {
  per_ip_burst: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Registrations one address may make at once.' }),
  per_ip_per_second: Type.Number({ exclusiveMinimum: 0, maximum: 100_000, description: 'Refill rate of the per-address bucket.' }),
  per_tenant_burst: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Registrations the tenant accepts at once.' }),
  per_tenant_per_second: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, description: 'Refill rate of the per-tenant bucket.' }),
};

const Locale = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 });

const settingsFields = {
  friendly_name: Type.String({ minLength: 1, maxLength: 255, description: 'The friendly name of the tenant' }),
  support_email: Type.String({ format: 'email', maxLength: 320, description: 'End-user support email address' }),
  support_url: Type.String({ format: 'uri', maxLength: 2048, description: 'End-user support URL' }),
  picture_url: Type.String({ format: 'uri', maxLength: 2048, description: 'URL of logo to be shown for this tenant' }),
  default_audience: Type.String({ maxLength: 2048, description: 'Default audience for API authorization' }),
  session_lifetime: Type.Number({ minimum: 1, maximum: 8760, description: 'Number of hours a session will stay valid' }),
  idle_session_lifetime: Type.Number({
    minimum: 1,
    maximum: 8760,
    description: 'Number of hours for which a session can be inactive before the user must log in again',
  }),
  enabled_locales: Type.Array(Locale, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'Supported locales for the user interface' }),
  dynamic_client_registration_security_mode: SecurityMode,
  skip_non_verifiable_callback_uri_confirmation_prompt: Type.Union([Type.Boolean(), Type.Null()], {
    description:
      'Skip telling the user where the result goes when the callback is a custom scheme or loopback (localhost, 127.0.0.0/8, [::1]); absent or null: false. Auth0 recommends false.',
  }),
  registration_client_management_enabled: Type.Boolean({
    description:
      'RFC 7592: self-registered clients read, update and delete their registration at /oidc/register/{client_id} with a registration access token (default false)',
  }),
  signing_keys_rotation_days: Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()], {
    description:
      'Rotate the signing keys automatically once the current key has signed for this many days (1 to 3650; beyond Auth0); null or absent: only when asked (POST /api/v2/keys/signing/rotate)',
  }),
  client_id_metadata_document_supported: Type.Boolean({
    description: 'Whether the authorization server supports retrieving client metadata from a client_id URL (Client ID Metadata Documents; default false)',
  }),
};

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const RegistrationPolicyFields = {
  max_clients: nullable(
    Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Dynamically registered clients the tenant may hold (default 10000; null: no limit)' }),
  ),
  max_metadata_bytes: nullable(
    Type.Integer({ minimum: 256, maximum: 65_536, description: 'Bytes of one registration request body (default 8192; null: up to the 64 KiB body limit)' }),
  ),
  allowed_grant_types: nullable(
    Type.Array(Type.String({ maxLength: 128 }), {
      maxItems: 20,
      uniqueItems: true,
      description: 'Grant types a registration may ask for (null: any the endpoint supports)',
    }),
  ),
  allowed_token_endpoint_auth_methods: nullable(
    Type.Array(Type.String({ maxLength: 64 }), {
      maxItems: 10,
      uniqueItems: true,
      description: 'Token endpoint authentication methods a registration may use (null: any)',
    }),
  ),
  allowed_redirect_uri_patterns: nullable(
    Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), {
      maxItems: 100,
      uniqueItems: true,
      description:
        'Every redirect URI must match one: * is any subdomain in a host (https://*.partner.example/*), any port (http://127.0.0.1:*/*), the rest of a path',
    }),
  ),
  allowed_scopes: nullable(
    Type.Array(Type.String({ minLength: 1, maxLength: 256 }), {
      maxItems: 100,
      uniqueItems: true,
      description: 'What a registered scope may hold; a registration without scope gets these',
    }),
  ),
  require_initial_access_token: nullable(
    Type.Boolean({ description: 'true: registration needs Authorization: Bearer <initial access token> (RFC 7591 §3); false or null: it does not' }),
  ),
  blocked_redirect_hosts: nullable(
    Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
      maxItems: 1000,
      uniqueItems: true,
      description: 'Hosts (or *.domain for its subdomains) no redirect URI may point at',
    }),
  ),
  unused_client_ttl_days: nullable(
    Type.Integer({
      minimum: 0,
      maximum: 3650,
      description:
        'Days a dynamically registered client may go without an authorization or token before the clean-up deletes it (default 90; 0 or null: never)',
    }),
  ),
};
/** RFC 7591 §2.3: whose software statements are trusted; semantic rules in software-statement-issuers.ts. */
const SoftwareStatementIssuer = Type.Object(
  {
    iss: Type.String({ minLength: 1, maxLength: 2048, description: 'The iss claim of the statements this issuer signs' }),
    jwks: Type.Optional(
      Type.Object(
        {
          keys: Type.Array(Type.Object({ kty: Type.String({ minLength: 1, maxLength: 16 }) }, { additionalProperties: true }), {
            minItems: 1,
            maxItems: 20,
            description: 'Public keys (JWK) that verify its statements',
          }),
        },
        { additionalProperties: false, description: 'The issuer’s JWK Set (public keys only); or jwks_uri' },
      ),
    ),
    jwks_uri: Type.Optional(Type.String({ pattern: '^https://', maxLength: 2048, description: 'https URL of the issuer’s JWK Set; or jwks' })),
  },
  { additionalProperties: false, required: ['iss'], description: 'A trusted software statement issuer: iss, and jwks or jwks_uri' },
);

const SoftwareStatementPolicyFields = {
  software_statement_issuers: nullable(
    Type.Array(SoftwareStatementIssuer, {
      maxItems: 50,
      description: 'Issuers whose signed software_statement (RFC 7591 §2.3) a registration may carry; absent or null: statements are ignored',
    }),
  ),
  require_software_statement: nullable(
    Type.Boolean({ description: 'Refuse registrations without a software_statement from a trusted issuer (default false)' }),
  ),
};

const RegistrationPolicySchema = Type.Object(
  {
    max_clients: Type.Optional(RegistrationPolicyFields.max_clients),
    max_metadata_bytes: Type.Optional(RegistrationPolicyFields.max_metadata_bytes),
    allowed_grant_types: Type.Optional(RegistrationPolicyFields.allowed_grant_types),
    allowed_token_endpoint_auth_methods: Type.Optional(RegistrationPolicyFields.allowed_token_endpoint_auth_methods),
    blocked_redirect_hosts: Type.Optional(RegistrationPolicyFields.blocked_redirect_hosts),
    allowed_redirect_uri_patterns: Type.Optional(RegistrationPolicyFields.allowed_redirect_uri_patterns),
    allowed_scopes: Type.Optional(RegistrationPolicyFields.allowed_scopes),
    software_statement_issuers: Type.Optional(SoftwareStatementPolicyFields.software_statement_issuers),
    require_software_statement: Type.Optional(SoftwareStatementPolicyFields.require_software_statement),
    require_initial_access_token: Type.Optional(RegistrationPolicyFields.require_initial_access_token),
    unused_client_ttl_days: Type.Optional(RegistrationPolicyFields.unused_client_ttl_days),
  },
  { additionalProperties: false, description: 'Governance of POST /oidc/register; absent knobs take their default, null means no restriction' },
);

/** PATCH body: every key optional; unknown keys refused. */
export const TenantSettingsPatch = Type.Object(
  {
    ...Object.fromEntries(Object.entries(settingsFields).map(([k, v]) => [k, Type.Optional(v)])),
    flags: Type.Optional(Type.Object(flagProperties, { additionalProperties: false, minProperties: 1, description: FLAGS_DESCRIPTION })),
    registration_policy: Type.Optional(RegistrationPolicySchema),
    registration_rate_limits: Type.Optional(
      Type.Object(Object.fromEntries(Object.entries(RateLimitFields).map(([k, v]) => [k, Type.Optional(v)])), {
        additionalProperties: false,
        minProperties: 1,
        description: 'Rate limits of POST /oidc/register (token buckets)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TenantSettingsPatchBody = Static<typeof TenantSettingsPatch>;

/** GET/PATCH response: the full settings. */
export const TenantSettingsResponse = Type.Object({
  ...settingsFields,
  support_email: Type.Optional(settingsFields.support_email),
  support_url: Type.Optional(settingsFields.support_url),
  picture_url: Type.Optional(settingsFields.picture_url),
  default_audience: Type.Optional(settingsFields.default_audience),
  skip_non_verifiable_callback_uri_confirmation_prompt: Type.Optional(settingsFields.skip_non_verifiable_callback_uri_confirmation_prompt),
  signing_keys_rotation_days: Type.Optional(settingsFields.signing_keys_rotation_days),
  flags: Type.Object(Object.fromEntries(TENANT_FLAGS.map((f) => [f, Type.Boolean()])), { description: FLAGS_DESCRIPTION }),
  registration_rate_limits: Type.Object(RateLimitFields),
  registration_policy: RegistrationPolicySchema,
});
