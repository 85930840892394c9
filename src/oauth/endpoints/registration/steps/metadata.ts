// Steps that turn the request body into checked client metadata (RFC 7591 §2, §3.1).
import { InvalidClientMetadata, InvalidRedirectUri } from '../../../errors.ts';
import { member, stringArray } from '../policies/fields.ts';
import { LIMITS } from '../policies/limits.ts';
import { parseClientMetadata } from '../policies/metadata.ts';
import { redirectUriProblem, type ApplicationType } from '../policies/redirect-uris.ts';
import type { NewRegistration, WithBody, WithMetadata, WithParsedMetadata, WithTenant } from '../state.ts';

/**
 * RFC 7591 §3.1: the request is JSON. Any other content type is refused, text/plain included:
 * it is the one a cross-site form or fetch can send without a CORS preflight.
 */
export function requireJsonBody({ request }: Pick<NewRegistration, 'request'>): WithBody {
  // split always yields at least one element
  const mediaType = request.contentType?.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') throw new InvalidClientMetadata('the request body must be application/json');
  let body: unknown;
  try {
    body = JSON.parse(request.body ?? '');
  } catch {
    throw new InvalidClientMetadata('the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidClientMetadata('the request body must be a JSON object');
  return { body: body as Record<string, unknown> };
}

/** Permissive tenants register Auth0-classic clients; strict ones RFC 7591's code-only default. */
export function parseMetadata({ tenant, body }: WithTenant & WithBody): WithParsedMetadata {
  const strict = tenant.settings.dynamic_client_registration_security_mode === 'strict';
  return { metadata: parseClientMetadata(body, strict ? 'rfc7591' : 'auth0-classic') };
}

type MakeError = (description: string) => Error;

/** Reads a list of redirect URIs and applies the policy for the client's application type. */
function readRedirectUris(name: string, value: unknown, applicationType: ApplicationType, make: MakeError, minItems: number): string[] {
  const uris = stringArray(name, value, { minItems, maxItems: LIMITS.redirectUris, maxLength: LIMITS.uriLength }, make);
  uris.forEach((uri, i) => {
    const problem = redirectUriProblem(uri, applicationType);
    if (problem) throw make(`${name}[${i}] ${problem}`);
  });
  return uris;
}

/**
 * RFC 7591 §2: redirect_uris is required for redirect-based flows, which are all we register;
 * any problem with it is invalid_redirect_uri (§3.2.2). post_logout_redirect_uris (OIDC
 * RP-Initiated Logout 1.0 §3.1) follow the same rules, refused as plain metadata errors.
 */
export function checkRedirectUris({ body, metadata }: WithBody & WithParsedMetadata): WithMetadata {
  const redirectUris = member(body, 'redirect_uris');
  if (redirectUris === undefined) throw new InvalidRedirectUri('redirect_uris is required');
  const redirect_uris = readRedirectUris('redirect_uris', redirectUris, metadata.application_type, (d) => new InvalidRedirectUri(d), 1);
  const logoutUris = member(body, 'post_logout_redirect_uris');
  if (logoutUris === undefined) return { metadata: { ...metadata, redirect_uris } };
  const post_logout_redirect_uris = readRedirectUris(
    'post_logout_redirect_uris',
    logoutUris,
    metadata.application_type,
    (d) => new InvalidClientMetadata(d),
    0,
  );
  return { metadata: { ...metadata, redirect_uris, post_logout_redirect_uris } };
}

/** Auth0's strict third-party profile (auth0-behaviour §1.5): only code and refresh grants. */
const STRICT_GRANT_TYPES: readonly string[] = ['authorization_code', 'refresh_token'];

export function applySecurityMode({ tenant, metadata }: WithTenant & WithMetadata): void {
  if (tenant.settings.dynamic_client_registration_security_mode !== 'strict') return;
  const refused = metadata.grant_types.filter((g) => !STRICT_GRANT_TYPES.includes(g));
  if (refused.length) {
    throw new InvalidClientMetadata(
      `grant_types ${refused.join(', ')} not allowed: this tenant registers third-party clients in strict mode (authorization_code and refresh_token only)`,
    );
  }
}
