// The OAuth/OIDC error family (RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 6750 §3.1).
// Every protocol route answers {error, error_description} through this one serializer.
import { HttpError, RETRY_AFTER_SECONDS } from '../http-error.ts';

export class OAuthError extends HttpError {
  constructor(
    readonly error: string,
    readonly description: string,
    status = 400,
    headers: Record<string, string> = {},
  ) {
    super(status, description, headers);
    this.name = 'OAuthError';
  }

  /** The body sent; RFC 6749 §5.2's two members, unless a subclass must match another server. */
  toJSON(): Record<string, unknown> {
    return { error: this.error, error_description: this.description };
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string) {
    super('invalid_request', description);
  }
}

/** RFC 6749 §5.2: 401 with WWW-Authenticate when the client used HTTP Basic. */
export class InvalidClient extends OAuthError {
  constructor(description: string, basic = false) {
    super('invalid_client', description, 401, basic ? { 'WWW-Authenticate': 'Basic realm="latchkey"' } : {});
  }
}

/** Auth0 answers most invalid_grant cases with 403 (auth0-behaviour §4.6). */
export class InvalidGrant extends OAuthError {
  constructor(description: string, status = 400) {
    super('invalid_grant', description, status);
  }
}

export class UnauthorizedClient extends OAuthError {
  constructor(description: string, status = 403) {
    super('unauthorized_client', description, status);
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor(description: string) {
    super('unsupported_grant_type', description);
  }
}

export class InvalidScope extends OAuthError {
  constructor(description: string) {
    super('invalid_scope', description);
  }
}

export class AccessDenied extends OAuthError {
  constructor(description: string, status = 403) {
    super('access_denied', description, status);
  }
}

/** RFC 7591 §3.2.2 */
export class InvalidRedirectUri extends OAuthError {
  constructor(description: string) {
    super('invalid_redirect_uri', description);
  }
}

/** RFC 7591 §3.2.2 */
export class InvalidClientMetadata extends OAuthError {
  constructor(description: string) {
    super('invalid_client_metadata', description);
  }
}

/** RFC 7591 §3.2.2: the software statement is invalid (unreadable, unverifiable, expired), or missing where required. */
export class InvalidSoftwareStatement extends OAuthError {
  constructor(description: string) {
    super('invalid_software_statement', description);
  }
}

/** RFC 7591 §3.2.2: the software statement is not from an issuer this server trusts. */
export class UnapprovedSoftwareStatement extends OAuthError {
  constructor(description: string) {
    super('unapproved_software_statement', description);
  }
}

/**
 * RFC 6750 §3.1 invalid_token: 401 with the Bearer challenge naming the error. Used where a
 * bearer token guards a registration endpoint (RFC 7591 §3 initial access tokens, RFC 7592 §2
 * registration access tokens).
 */
export class InvalidToken extends OAuthError {
  constructor(description: string) {
    super('invalid_token', description, 401, {
      'WWW-Authenticate': `Bearer realm="latchkey", error="invalid_token", error_description="${description.replace(/["\\]/g, '')}"`,
    });
  }
}

export class TooManyRequests extends OAuthError {
  constructor(retryAfterSeconds: number) {
    super('too_many_requests', `Too many requests. Retry after ${retryAfterSeconds} second(s).`, 429, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/**
 * POST /oidc/register on a tenant that has not turned registration on. Auth0 answers with its
 * hapi-style body, not an RFC 7591 error (auth0-behaviour §1.7, observed); clients written
 * against Auth0 see exactly that, so this protocol error keeps Auth0's shape.
 */
export class RegistrationDisabled extends OAuthError {
  constructor() {
    super('invalid_request', 'dynamic client registration is disabled', 400);
  }

  override toJSON(): Record<string, unknown> {
    return { statusCode: 400, error: 'Bad Request', message: this.description };
  }
}

export class NotFound extends OAuthError {
  constructor(description = 'Not found') {
    super('not_found', description, 404);
  }
}

export class ServerError extends OAuthError {
  constructor() {
    super('server_error', 'The server encountered an unexpected condition.', 500);
  }
}

/**
 * RFC 6749 §4.1.2.1 `temporarily_unavailable`: the store cannot serve now (down, slow or
 * saturated) or this instance is shutting down. 503 with Retry-After (RFC 9110 §10.2.3).
 */
export class TemporarilyUnavailable extends OAuthError {
  constructor(retryAfterSeconds = RETRY_AFTER_SECONDS) {
    super('temporarily_unavailable', 'The service is temporarily unavailable. Retry later.', 503, { 'Retry-After': String(retryAfterSeconds) });
  }
}
