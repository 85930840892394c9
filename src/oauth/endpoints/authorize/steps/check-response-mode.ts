import { originOf } from '../../../../web/cors.ts';
import { InvalidRequest } from '../../../errors.ts';
import type { AuthorizeRequest, ResponseMode, WithClient, WithRedirectUri, WithResponseType } from '../context.ts';
import { onErrorPage } from '../respond.ts';

// web_message is accepted but, as at Auth0, not advertised in discovery.
const MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post', 'web_message'];

/**
 * OAuth 2.0 Multiple Response Types §2.1, Form Post Response Mode §2, and web_message (the
 * response posted to the page that framed or opened /authorize; auth0-spa-js's silent and popup
 * sign-in). Tokens must never travel in a query string (Multiple Response Types §5). A refused
 * mode leaves the default in place for the error response.
 */
export function checkResponseMode(
  a: Pick<AuthorizeRequest, 'params'> & WithClient & WithRedirectUri & WithResponseType,
): Pick<WithResponseType, 'responseMode'> | void {
  const mode = a.params.response_mode;
  if (mode === undefined) return;
  if (!MODES.includes(mode as ResponseMode)) throw new InvalidRequest(`Unsupported response_mode: ${mode}`);
  if (mode === 'query' && (a.responseType.has('token') || a.responseType.has('id_token'))) {
    throw new InvalidRequest('response_mode=query cannot be used when tokens are returned from /authorize.');
  }
  if (mode === 'web_message') {
    // The response goes to the redirect URI's origin, which must be one of the client's Allowed
    // Web Origins (as at Auth0). Otherwise nothing is posted or redirected: the error page says why.
    const origin = originOf(a.redirectUri);
    const allowed = a.client.web_origins.map(originOf);
    if (origin === undefined || !allowed.includes(origin)) {
      throw onErrorPage(new InvalidRequest(`response_mode=web_message needs ${origin ?? 'the redirect URI origin'} in the application's Allowed Web Origins.`));
    }
  }
  return { responseMode: mode as ResponseMode };
}
