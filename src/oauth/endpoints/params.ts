// Request parameters of the back-channel endpoints (token, revocation), shared by their routes.
import { InvalidRequest } from '../errors.ts';

export type Params = Record<string, string>;

/** Flattens the body into string parameters; repeated or non-string values are refused (RFC 6749 §3.2). */
export function readParams(body: unknown): Params {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new InvalidRequest('The request body must be a form or a JSON object.');
  const params: Params = Object.create(null);
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'number' || typeof value === 'boolean') params[key] = String(value);
    else if (typeof value === 'string') params[key] = value;
    else throw new InvalidRequest(`Parameter "${key}" must be a single string value.`);
  }
  return params;
}
