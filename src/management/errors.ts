// The Auth0 Management API error family: {statusCode, error, message, errorCode}.
import { STATUS_CODES } from 'node:http';

export class ManagementError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errorCode?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ManagementError';
  }

  toJSON(): { statusCode: number; error: string; message: string; errorCode?: string } {
    const body: { statusCode: number; error: string; message: string; errorCode?: string } = {
      statusCode: this.statusCode,
      error: STATUS_CODES[this.statusCode] ?? 'Error',
      message: this.message,
    };
    if (this.errorCode !== undefined) body.errorCode = this.errorCode;
    return body;
  }
}

export const invalidBody = (detail: string) => new ManagementError(400, `Payload validation error: ${detail}`, 'invalid_body');
export const invalidQuery = (detail: string) => new ManagementError(400, `Query validation error: ${detail}`, 'invalid_query_string');
export const unauthorized = (message = 'Invalid token') => new ManagementError(401, message, undefined, { 'WWW-Authenticate': 'Bearer' });
export const insufficientScope = (scopes: readonly string[]) =>
  new ManagementError(403, `Insufficient scope, expected any of: ${scopes.join(',')}`, 'insufficient_scope');
export const notFound = (message: string, errorCode = 'inexistent_resource') => new ManagementError(404, message, errorCode);
export const conflict = (message: string, errorCode = 'conflict') => new ManagementError(409, message, errorCode);
