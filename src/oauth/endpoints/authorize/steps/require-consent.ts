import { OAuthError } from '../../../errors.ts';
import { nonVerifiableCallback } from '../../../../domain/uris.ts';
import { stop, type Stop } from '../../../pipeline.ts';
import { withParams } from '../params.ts';
import { recordConsentUse } from '../../../../services/consents.ts';
import { callbackToConfirm } from './confirm-callback.ts';
import {
  consentAudience,
  type AuthorizeRequest,
  type Interaction,
  type WithAudience,
  type WithClient,
  type WithPrompts,
  type WithRedirectUri,
  type WithScopes,
  type WithSession,
} from '../context.ts';

/**
 * Third-party apps always need the user's consent, remembered per user, client and
 * audience (auth0-behaviour §4.3). First-party apps skip it, except for an API that does not
 * allow skipping, or a callback that cannot be verified (custom scheme or loopback).
 */
export function needsConsent({ client, api, redirectUri }: WithClient & WithAudience & Pick<WithRedirectUri, 'redirectUri'>): boolean {
  if (!client.is_first_party) return true;
  if (!api) return false;
  return !api.skip_consent_for_verifiable_first_party_clients || nonVerifiableCallback(redirectUri) !== null;
}

type ConsentInput = Pick<AuthorizeRequest, 'ctx' | 'params' | 'callbackConfirmed'> &
  WithClient &
  WithAudience &
  Pick<WithRedirectUri, 'redirectUri'> &
  WithScopes &
  WithPrompts &
  WithSession;

/**
 * A third-party app's consent page is where its user learns where a non-verifiable callback
 * sends the result, so remembered consent does not skip it (Auth0 shows the dialog every time
 * for localhost callbacks, auth0-behaviour §4.3) unless the tenant skips that confirmation.
 */
const mustShowAgain = (a: ConsentInput): boolean => !a.client.is_first_party && !a.callbackConfirmed && callbackToConfirm(a) !== null;

export async function requireConsent(a: ConsentInput): Promise<void | Stop<Interaction>> {
  if (!needsConsent(a) && !a.prompts.has('consent')) return;
  const granted = await a.ctx.stores.consents.find(a.user.user_id, a.client.client_id, consentAudience(a));
  const covered = granted !== undefined && a.scopes.every((s) => granted.scopes.includes(s));
  if (covered && !a.prompts.has('consent') && !mustShowAgain(a)) {
    await recordConsentUse(a.ctx.stores, granted);
    return;
  }
  if (a.prompts.has('none')) throw new OAuthError('consent_required', 'Consent required');
  return stop({ redirectTo: withParams('/u/consent', a.params) });
}
