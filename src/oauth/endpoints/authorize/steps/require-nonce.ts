import { InvalidRequest } from '../../../errors.ts';
import type { AuthorizeContext } from '../context.ts';

/** OIDC Core §3.2.2.1 / §3.3.2.11: an ID token from the authorization endpoint needs a nonce. */
export function requireNonce(a: AuthorizeContext): void {
  const nonce = a.params.nonce;
  if (nonce) a.nonce = nonce;
  else if (a.responseType!.has('id_token')) throw new InvalidRequest('Missing required parameter: nonce');
}
