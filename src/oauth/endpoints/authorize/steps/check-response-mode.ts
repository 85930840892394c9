import { InvalidRequest } from '../../../errors.ts';
import type { AuthorizeContext, ResponseMode } from '../context.ts';

const MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post'];

/**
 * OAuth 2.0 Multiple Response Types §2.1 and Form Post Response Mode §2. Tokens must never
 * travel in a query string (Multiple Response Types §5). A refused mode leaves the default in
 * place for the error response.
 */
export function checkResponseMode(a: AuthorizeContext): void {
  const mode = a.params.response_mode;
  if (mode === undefined) return;
  if (!MODES.includes(mode as ResponseMode)) throw new InvalidRequest(`Unsupported response_mode: ${mode}`);
  if (mode === 'query' && (a.responseType!.has('token') || a.responseType!.has('id_token'))) {
    throw new InvalidRequest('response_mode=query cannot be used when tokens are returned from /authorize.');
  }
  a.responseMode = mode as ResponseMode;
}
