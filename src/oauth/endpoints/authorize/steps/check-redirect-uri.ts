import { InvalidRequest } from '../../../errors.ts';
import type { AuthorizeRequest, WithClient, WithRedirectUri } from '../context.ts';

/**
 * RFC 6749 §3.1.2.3 and RFC 9700 §4.1.1: exact string match against the registered
 * callbacks. Without a redirect_uri a client with a single callback uses it. A mismatch is
 * shown on the error page (never redirected). Strict third-party clients get every later
 * error on the error page too (Auth0 open_redirect_protection).
 */
export function checkRedirectUri({ client, params }: Pick<AuthorizeRequest, 'params'> & WithClient): WithRedirectUri {
  const sent = params.redirect_uri;
  const redirectable = client.third_party_security_mode !== 'strict';
  if (sent === undefined) {
    const [only] = client.callbacks;
    if (only === undefined || client.callbacks.length !== 1) throw new InvalidRequest('Missing required parameter: redirect_uri');
    return { redirectUri: only, redirectUriSent: false, redirectable };
  }
  if (!client.callbacks.includes(sent)) throw new InvalidRequest(`Callback URL mismatch. ${sent} is not in the list of allowed callback URLs.`);
  return { redirectUri: sent, redirectUriSent: true, redirectable };
}
