// A Client ID Metadata Document checked as draft-ietf-oauth-client-id-metadata-document-02
// requires (§4, §8) and mapped to a client. The metadata members mean what they mean in RFC 7591
// §2, and are checked by the same rules as dynamic registration (policies/metadata.ts and the
// redirect-URI policy), plus what a client without a shared secret implies.
import { isLoopbackUri } from '../../domain/uris.ts';
import type { AppType, NewClient, TokenEndpointAuthMethod } from '../../domain/client.ts';
import { OAuthError } from '../errors.ts';
import { LIMITS } from '../endpoints/registration/policies/limits.ts';
import { parseClientMetadata, type ParsedMetadata } from '../endpoints/registration/policies/metadata.ts';
import { redirectUriProblem } from '../endpoints/registration/policies/redirect-uris.ts';

/** §8.7: a metadata document is small; 5 KiB is the size the draft suggests as a limit. */
export const DOCUMENT_MAX_BYTES = 5 * 1024;

/** Without a shared secret: a public client (PKCE) or one that signs JWTs with its keys (RFC 7523). */
const AUTH_METHODS = ['none', 'private_key_jwt'] as const;
/** A redirect-based client and its refresh: nothing that needs a secret or skips the user. */
const GRANT_TYPES = ['authorization_code', 'refresh_token'];
/** §4.1: members that carry a shared secret have no place in a public document. */
const SECRET_MEMBERS = ['client_secret', 'client_secret_expires_at'];

export interface Validation {
  /** why the document cannot be used, one line each; empty when valid */
  violations: string[];
  /** what is allowed but worth knowing */
  warnings: string[];
  /** the client the document describes, when valid */
  client?: NewClient;
  /** the document could not be read at all (a bad URL, or the fetch was refused) */
  unreadable?: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function redirectUris(doc: Record<string, unknown>, applicationType: 'web' | 'native', violations: string[]): string[] {
  const uris = doc.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0) {
    violations.push('redirect_uris is required: a non-empty array of redirect URIs');
    return [];
  }
  if (uris.length > LIMITS.redirectUris) violations.push(`redirect_uris must contain at most ${LIMITS.redirectUris} URIs`);
  uris.forEach((uri, i) => {
    if (typeof uri !== 'string' || uri.length > LIMITS.uriLength)
      violations.push(`redirect_uris[${i}] must be a string of at most ${LIMITS.uriLength} characters`);
    else {
      const problem = redirectUriProblem(uri, applicationType);
      if (problem) violations.push(`redirect_uris[${i}] ${problem}`);
    }
  });
  return uris.filter((u): u is string => typeof u === 'string');
}

function authMethod(doc: Record<string, unknown>, violations: string[]): TokenEndpointAuthMethod {
  const method = doc.token_endpoint_auth_method ?? 'none';
  if (!(AUTH_METHODS as readonly unknown[]).includes(method)) {
    violations.push(`token_endpoint_auth_method ${JSON.stringify(method)} is not allowed: use none or private_key_jwt (no shared secrets)`);
  }
  return method as TokenEndpointAuthMethod;
}

/** RFC 7591 §2 members, by the registration rules; the auth method is ours, so it is left out there. */
function metadata(doc: Record<string, unknown>, violations: string[]): ParsedMetadata | undefined {
  const { token_endpoint_auth_method: _m, ...rest } = doc;
  try {
    return parseClientMetadata(rest, 'rfc7591');
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    violations.push(err.description ?? err.error);
    return undefined;
  }
}

function appTypeOf(applicationType: 'web' | 'native', method: TokenEndpointAuthMethod): AppType {
  if (applicationType === 'native') return 'native';
  return method === 'none' ? 'spa' : 'regular_web';
}

/**
 * Checks `json`, fetched from `url`, as that URL's metadata document. The client it maps to is a
 * third-party one whose client_id is the URL; errors found before the user acts are shown on
 * the error page, never redirected (RFC 9700 §4.11.2).
 */
export function validateDocument(url: string, json: unknown, options: { strict: boolean }): Validation {
  const violations: string[] = [];
  const warnings: string[] = [];
  if (!isPlainObject(json)) return { violations: ['the document is not a JSON object'], warnings };
  // §4: "the client_id property ... MUST match the URL of the document using simple string comparison".
  if (json.client_id !== url) {
    violations.push(`the document's client_id ${JSON.stringify(String(json.client_id ?? '(none)').slice(0, 80))} is not its URL`);
  }
  for (const name of SECRET_MEMBERS) if (Object.hasOwn(json, name)) violations.push(`the document must not contain ${name} (no shared secrets)`);
  const method = authMethod(json, violations);
  const m = metadata(json, violations);
  const applicationType = m?.application_type ?? 'web';
  const callbacks = redirectUris(json, applicationType, violations);
  const grants = Array.isArray(json.grant_types) ? json.grant_types : [];
  const extra = grants.filter((g) => !GRANT_TYPES.includes(g as string));
  if (extra.length) violations.push(`grant_types may contain only ${GRANT_TYPES.join(' and ')}, not ${extra.map((g) => JSON.stringify(g)).join(', ')}`);
  if (m && m.response_types.some((rt) => rt !== 'code')) violations.push('response_types may contain only code');
  if (method === 'private_key_jwt' && m && m.jwks === undefined && m.jwks_uri === undefined) {
    violations.push('token_endpoint_auth_method private_key_jwt needs the client’s keys: jwks or jwks_uri');
  }
  // MCP authorization (2025-11-25): the AS SHOULD warn when every redirect URI is on the user's device.
  if (callbacks.length > 0 && callbacks.every(isLoopbackUri)) warnings.push('every redirect URI is on the user’s own device (localhost)');
  if (violations.length > 0 || !m) return { violations, warnings };

  // The auth method is the document's own (parsed above), not the RFC 7591 default in `m`.
  const { client_name, grant_types, logo_uri, token_endpoint_auth_method: _default, ...registration } = m;
  const named = typeof json.client_name === 'string';
  const client: NewClient = {
    client_id: url,
    client_secret: null,
    // Without a name, the domain that serves the document is the most truthful one.
    name: named ? client_name : new URL(url).host,
    app_type: appTypeOf(applicationType, method),
    is_first_party: false,
    oidc_conformant: true,
    callbacks,
    allowed_logout_urls: [],
    web_origins: [],
    allowed_origins: [],
    grant_types,
    token_endpoint_auth_method: method,
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
    ...(logo_uri !== undefined && { logo_uri }),
    ...(options.strict && { third_party_security_mode: 'strict' as const }),
    registration_metadata: Object.fromEntries(Object.entries(registration).filter(([, v]) => v !== undefined)),
    redirection_policy: 'open_redirect_protection',
    external_client_id: url,
  };
  return { violations, warnings, client };
}
