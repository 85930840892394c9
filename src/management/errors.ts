// The Auth0 Management API error family: {statusCode, error, message, errorCode}.
import { STATUS_CODES } from 'node:http';
import { HttpError } from '../http-error.ts';

export class ManagementError extends HttpError {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errorCode?: string,
    headers: Record<string, string> = {},
    /** Auth0 repeats some 401 messages under `attributes.error` (auth0-behaviour §2.4). */
    readonly attributes?: Record<string, string>,
  ) {
    super(statusCode, message, headers);
    this.name = 'ManagementError';
  }

  toJSON(): ManagementErrorBody & Record<string, unknown> {
    const body: ManagementErrorBody & Record<string, unknown> = {
      statusCode: this.statusCode,
      error: STATUS_CODES[this.statusCode] ?? 'Error',
      message: this.message,
    };
    if (this.errorCode !== undefined) body.errorCode = this.errorCode;
    if (this.attributes !== undefined) body.attributes = this.attributes;
    return body;
  }
}

export interface ManagementErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorCode?: string;
  attributes?: Record<string, string>;
}

export const invalidBody = (detail: string) => new ManagementError(400, `Payload validation error: ${detail}`, 'invalid_body');
export const invalidQuery = (detail: string) => new ManagementError(400, `Query validation error: ${detail}`, 'invalid_query_string');
export const invalidUri = (detail: string) => new ManagementError(400, `Path validation error: ${detail}`, 'invalid_uri');
export const unauthorized = (message = 'Invalid token', attributes?: Record<string, string>) =>
  new ManagementError(401, message, undefined, { 'WWW-Authenticate': 'Bearer' }, attributes);
export const insufficientScope = (scopes: readonly string[]) =>
  new ManagementError(403, `Insufficient scope, expected any of: ${scopes.join(',')}`, 'insufficient_scope');
export const notFound = (message: string, errorCode = 'inexistent_resource') => new ManagementError(404, message, errorCode);
export const conflict = (message: string, errorCode = 'conflict') => new ManagementError(409, message, errorCode);
/** 503: the store cannot serve now, or this instance is shutting down; the client may retry. */
export const temporarilyUnavailable = (retryAfterSeconds: number) =>
  new ManagementError(503, 'The service is temporarily unavailable. Retry later.', 'temporarily_unavailable', { 'Retry-After': String(retryAfterSeconds) });
