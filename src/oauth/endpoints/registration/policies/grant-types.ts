// grant_types and response_types (RFC 7591 §2, §2.1; OIDC Registration 1.0 §2).
import { InvalidClientMetadata } from '../../../errors.ts';
import { quote } from './limits.ts';

/** What a dynamically registered client may ask for: front-channel grants and refresh. */
export const REGISTRABLE_GRANT_TYPES = ['authorization_code', 'implicit', 'refresh_token'] as const;
export type GrantType = (typeof REGISTRABLE_GRANT_TYPES)[number];

/** The response types /authorize supports (discovery's response_types_supported), in canonical order. */
const SUPPORTED_RESPONSE_TYPES = ['code', 'token', 'id_token', 'id_token token', 'code id_token'];
const RESPONSE_TYPE_ORDER = ['code', 'id_token', 'token'];

/** RFC 7591 §2.1: "code" needs authorization_code; "token" and "id_token" need implicit. */
function grantsFor(responseType: string): GrantType[] {
  const parts = responseType.split(' ');
  const grants: GrantType[] = [];
  if (parts.includes('code')) grants.push('authorization_code');
  if (parts.includes('token') || parts.includes('id_token')) grants.push('implicit');
  return grants;
}

/** "token id_token" and "id_token token" name the same response type (RFC 6749 §3.1.1). */
function canonicalResponseType(value: string, index: number): string {
  const parts = value.split(' ');
  const known = parts.every((p) => RESPONSE_TYPE_ORDER.includes(p)) && new Set(parts).size === parts.length;
  const canonical = known ? [...parts].sort((a, b) => RESPONSE_TYPE_ORDER.indexOf(a) - RESPONSE_TYPE_ORDER.indexOf(b)).join(' ') : '';
  if (!SUPPORTED_RESPONSE_TYPES.includes(canonical)) {
    throw new InvalidClientMetadata(`response_types[${index}] ${quote(value)} is not supported; supported: ${SUPPORTED_RESPONSE_TYPES.join(', ')}`);
  }
  return canonical;
}

function checkGrantType(value: string, index: number): GrantType {
  if (!(REGISTRABLE_GRANT_TYPES as readonly string[]).includes(value)) {
    throw new InvalidClientMetadata(
      `grant_types[${index}] ${quote(value)} is not allowed for dynamically registered clients; allowed: ${REGISTRABLE_GRANT_TYPES.join(', ')}`,
    );
  }
  return value as GrantType;
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/**
 * What a client that names neither list gets. `rfc7591`: authorization_code / code (RFC 7591 §2),
 * which strict mode uses too (Auth0's strict DCR default). `auth0-classic`: the grants of an
 * Auth0 application (implicit, authorization_code, refresh_token), so that a client registered
 * with only a name and redirect URIs can run the implicit flow its registration guide shows.
 */
export type GrantDefaults = 'rfc7591' | 'auth0-classic';

const DEFAULTS: Record<GrantDefaults, { grant_types: GrantType[]; response_types: string[] }> = {
  rfc7591: { grant_types: ['authorization_code'], response_types: ['code'] },
  'auth0-classic': {
    grant_types: ['authorization_code', 'implicit', 'refresh_token'],
    response_types: ['code', 'token', 'id_token', 'id_token token', 'code id_token'],
  },
};

/**
 * Resolves both lists: the defaults when both are absent, the missing one derived from the
 * other, then the RFC 7591 §2.1 consistency check both ways.
 */
export function resolveGrantAndResponseTypes(
  requestedGrants: string[] | undefined,
  requestedResponseTypes: string[] | undefined,
  defaults: GrantDefaults = 'rfc7591',
): { grant_types: GrantType[]; response_types: string[] } {
  let grants = requestedGrants && unique(requestedGrants.map(checkGrantType));
  let responseTypes = requestedResponseTypes && unique(requestedResponseTypes.map(canonicalResponseType));
  if (grants === undefined) {
    if (responseTypes === undefined) return { grant_types: [...DEFAULTS[defaults].grant_types], response_types: [...DEFAULTS[defaults].response_types] };
    grants = unique(responseTypes.flatMap(grantsFor));
  }
  responseTypes ??= [...(grants.includes('authorization_code') ? ['code'] : []), ...(grants.includes('implicit') ? ['token'] : [])];

  if (!grants.includes('authorization_code') && !grants.includes('implicit')) {
    throw new InvalidClientMetadata('grant_types must include authorization_code or implicit');
  }
  for (const responseType of responseTypes) {
    const missing = grantsFor(responseType).filter((g) => !grants.includes(g));
    if (missing.length)
      throw new InvalidClientMetadata(`response_types ${quote(responseType)} requires grant_types to include ${missing.join(', ')} (RFC 7591 §2.1)`);
  }
  for (const grant of ['authorization_code', 'implicit'] as const) {
    if (grants.includes(grant) && !responseTypes.some((rt) => grantsFor(rt).includes(grant))) {
      throw new InvalidClientMetadata(`grant_types ${grant} has no matching response_types (RFC 7591 §2.1)`);
    }
  }
  return { grant_types: grants, response_types: responseTypes };
}
