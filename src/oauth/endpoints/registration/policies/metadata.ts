// Client metadata as registered (RFC 7591 §2, OIDC Registration 1.0 §2): every member we
// know is type-checked and bounded; members we do not know are ignored (RFC 7591 §2:
// "the authorization server MUST ignore any client metadata sent by the client that it does
// not understand"). Redirect URIs are checked by their own policy (redirect-uris.ts).
import { clientNameProblem } from '../../../../domain/client-name.ts';
import type { TokenEndpointAuthMethod } from '../../../../domain/client.ts';
import { InvalidClientMetadata } from '../../../errors.ts';
import { member, oneOf, optionalString, optionalStringArray, type Body } from './fields.ts';
import { resolveGrantAndResponseTypes, type GrantDefaults, type GrantType } from './grant-types.ts';
import { parseJwks, type Jwk } from './jwks.ts';
import { LIMITS } from './limits.ts';
import type { ApplicationType } from './redirect-uris.ts';
import { webUrlProblem } from '../../../../domain/uris.ts';

export interface ClientMetadata {
  redirect_uris: string[];
  client_name: string;
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  grant_types: GrantType[];
  response_types: string[];
  application_type: ApplicationType;
  logo_uri?: string;
  client_uri?: string;
  policy_uri?: string;
  tos_uri?: string;
  contacts?: string[];
  scope?: string;
  jwks_uri?: string;
  jwks?: { keys: Jwk[] };
  software_id?: string;
  software_version?: string;
  post_logout_redirect_uris?: string[];
  /** RFC 7591 §3.2.1: a verified statement is echoed as sent (steps/software-statement.ts reads it, not the parser) */
  software_statement?: string;
}

export type RedirectMetadata = Pick<ClientMetadata, 'redirect_uris' | 'post_logout_redirect_uris'>;
export type ParsedMetadata = Omit<ClientMetadata, keyof RedirectMetadata>;

/** Auth0's name for an application registered without client_name (auth0-behaviour §1.2). */
export const DEFAULT_CLIENT_NAME = 'My App';
export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['client_secret_post', 'client_secret_basic', 'none', 'private_key_jwt'];

/** RFC 6749 §3.3: scope tokens of NQSCHAR, separated by single spaces. */
const SCOPE_RE = /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;

function optionalUrl(body: Body, name: string, httpsOnly = false): string | undefined {
  const value = optionalString(body, name, LIMITS.uriLength);
  const problem = value === undefined ? null : webUrlProblem(value, httpsOnly);
  if (problem) throw new InvalidClientMetadata(`${name} ${problem}`);
  return value;
}

function optionalScope(body: Body): string | undefined {
  const scope = optionalString(body, 'scope', LIMITS.scopeLength);
  if (scope === undefined) return undefined;
  if (!SCOPE_RE.test(scope)) throw new InvalidClientMetadata('scope must be scope tokens separated by single spaces (RFC 6749 §3.3)');
  if (scope.split(' ').length > LIMITS.scopeTokens) throw new InvalidClientMetadata(`scope must contain at most ${LIMITS.scopeTokens} scope tokens`);
  return scope;
}

function optionalJwks(body: Body): { jwks_uri?: string; jwks?: { keys: Jwk[] } } {
  const jwksUri = optionalUrl(body, 'jwks_uri', true);
  const jwks = member(body, 'jwks');
  if (jwks === undefined) return { jwks_uri: jwksUri };
  // RFC 7591 §2: "The jwks_uri and jwks parameters MUST NOT both be present".
  if (jwksUri !== undefined) throw new InvalidClientMetadata('jwks_uri and jwks must not both be present (RFC 7591 §2)');
  return { jwks: parseJwks(jwks) };
}

/** OIDC Registration 1.0 §2: a private_key_jwt client registers the keys it signs with. */
function checkKeysForMethod(method: TokenEndpointAuthMethod, keys: { jwks_uri?: string; jwks?: unknown }): void {
  if (method === 'private_key_jwt' && keys.jwks === undefined && keys.jwks_uri === undefined) {
    throw new InvalidClientMetadata('token_endpoint_auth_method private_key_jwt requires jwks or jwks_uri (the public keys the client signs with)');
  }
}

/** The name users see on the consent page: the one rule of domain/client-name.ts. */
function clientName(body: Body): string {
  const name = optionalString(body, 'client_name', LIMITS.clientNameLength);
  if (name === undefined) return DEFAULT_CLIENT_NAME;
  const problem = clientNameProblem(name);
  if (problem) throw new InvalidClientMetadata(`client_name ${problem}`);
  return name;
}

/** Every known member except the redirect URIs, with defaults applied. */
export function parseClientMetadata(body: Body, grantDefaults: GrantDefaults = 'rfc7591'): ParsedMetadata {
  const requestedGrants = optionalStringArray(body, 'grant_types', { maxItems: 10, maxLength: 128 });
  const requestedResponseTypes = optionalStringArray(body, 'response_types', { maxItems: 10, maxLength: 128 });
  const method = oneOf(body, 'token_endpoint_auth_method', TOKEN_ENDPOINT_AUTH_METHODS, 'client_secret_post');
  const keys = optionalJwks(body);
  checkKeysForMethod(method, keys);
  return {
    client_name: clientName(body),
    token_endpoint_auth_method: method,
    ...resolveGrantAndResponseTypes(requestedGrants, requestedResponseTypes, grantDefaults),
    // OIDC Registration 1.0 §2: application_type defaults to web.
    application_type: oneOf(body, 'application_type', ['web', 'native'] as const, 'web'),
    logo_uri: optionalUrl(body, 'logo_uri'),
    client_uri: optionalUrl(body, 'client_uri'),
    policy_uri: optionalUrl(body, 'policy_uri'),
    tos_uri: optionalUrl(body, 'tos_uri'),
    contacts: optionalStringArray(body, 'contacts', { maxItems: LIMITS.contacts, maxLength: LIMITS.contactLength }),
    scope: optionalScope(body),
    ...keys,
    software_id: optionalString(body, 'software_id', LIMITS.softwareFieldLength),
    software_version: optionalString(body, 'software_version', LIMITS.softwareFieldLength),
  };
}
