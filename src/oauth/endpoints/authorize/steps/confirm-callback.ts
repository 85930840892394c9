import { confirmsNonVerifiableCallbacks } from '../../../../domain/tenant.ts';
import { nonVerifiableCallback, type NonVerifiableCallback } from '../../../../domain/uris.ts';
import { OAuthError } from '../../../errors.ts';
import { stop, type Stop } from '../../../pipeline.ts';
import { withParams } from '../params.ts';
import type { AuthorizeRequest, Interaction, WithPrompts, WithRedirectUri } from '../context.ts';

/**
 * Where this request's code or token would go, when the user must be told before it goes
 * there: the redirect URI is a custom scheme or loopback (RFC 8252 §8.6: any app on the device
 * can claim it) and the tenant keeps Auth0's `skip_non_verifiable_callback_uri_confirmation_prompt`
 * off. Null otherwise.
 */
export function callbackToConfirm(a: Pick<AuthorizeRequest, 'ctx'> & Pick<WithRedirectUri, 'redirectUri'>): NonVerifiableCallback | null {
  if (!confirmsNonVerifiableCallbacks(a.ctx.tenant.settings)) return null;
  return nonVerifiableCallback(a.redirectUri);
}

/**
 * Once per authorization, before anything is issued to a non-verifiable callback, the user
 * confirms where it goes. Third-party apps never get here with one: requireConsent shows them
 * the consent page, which carries the notice. prompt=none cannot ask (OIDC Core §3.1.2.6).
 */
export function requireCallbackConfirmation(
  a: Pick<AuthorizeRequest, 'ctx' | 'params' | 'callbackConfirmed'> & Pick<WithRedirectUri, 'redirectUri'> & WithPrompts,
): void | Stop<Interaction> {
  if (a.callbackConfirmed || !callbackToConfirm(a)) return;
  if (a.prompts.has('none')) throw new OAuthError('interaction_required', 'The user must confirm that the response may go to an app on this device.');
  return stop({ redirectTo: withParams('/u/confirm', a.params) });
}
