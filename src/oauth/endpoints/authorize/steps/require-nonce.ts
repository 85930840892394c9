import { InvalidRequest } from '../../../errors.ts';
import type { AuthorizeRequest, WithBindings, WithResponseType } from '../context.ts';

/** OIDC Core §3.2.2.1 / §3.3.2.11: an ID token from the authorization endpoint needs a nonce. */
export function requireNonce({ params, responseType }: Pick<AuthorizeRequest, 'params'> & Pick<WithResponseType, 'responseType'>): Pick<WithBindings, 'nonce'> {
  const nonce = params.nonce;
  if (nonce) return { nonce };
  if (responseType.has('id_token')) throw new InvalidRequest('Missing required parameter: nonce');
  return { nonce: undefined };
}
