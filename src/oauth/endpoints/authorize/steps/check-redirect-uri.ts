import { InvalidRequest } from '../../../errors.ts';
import type { AuthorizeRequest, WithClient, WithRedirectUri } from '../context.ts';
import { redirectionPolicyOf } from '../../../../domain/client.ts';

/**
 * RFC 6749 §3.1.2.3 and RFC 9700 §4.1.1: exact string match against the registered
 * callbacks. Without a redirect_uri a client with a single callback uses it. A mismatch is
 * shown on the error page (never redirected). Strict third-party clients get every later
 * error on the error page too; clients under open_redirect_protection (every self-registered
 * one by default) the errors found before the user interacted (RFC 9700 §4.11.2).
 */
export function checkRedirectUri({ client, params }: Pick<AuthorizeRequest, 'params'> & WithClient): WithRedirectUri {
  const sent = params.redirect_uri;
  const redirectable = client.third_party_security_mode !== 'strict';
  const protectedRedirect = redirectionPolicyOf(client) === 'open_redirect_protection';
  if (sent === undefined) {
    const [only] = client.callbacks;
    if (only === undefined || client.callbacks.length !== 1) throw new InvalidRequest('Missing required parameter: redirect_uri');
    return { redirectUri: only, redirectUriSent: false, redirectable, protectedRedirect };
  }
  if (!client.callbacks.includes(sent)) throw new InvalidRequest(`Callback URL mismatch. ${sent} is not in the list of allowed callback URLs.`);
  return { redirectUri: sent, redirectUriSent: true, redirectable, protectedRedirect };
}
