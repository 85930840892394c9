import { OAuthError } from '../../../errors.ts';
import { isLoopbackUri } from '../../../../domain/uris.ts';
import { withParams } from '../params.ts';
import { clientOf, consentAudience, userOf, type AuthorizeContext, type Interaction } from '../context.ts';

/**
 * Third-party apps always need the user's consent, remembered per user, client and
 * audience (auth0-behaviour §4.3). First-party apps skip it, except for an API that does not
 * allow skipping, or a callback on a host that cannot be verified (loopback).
 */
export function needsConsent(a: AuthorizeContext): boolean {
  const client = clientOf(a);
  if (!client.is_first_party) return true;
  if (!a.api) return false;
  return !a.api.skip_consent_for_verifiable_first_party_clients || isLoopbackUri(a.redirectUri!);
}

export async function requireConsent(a: AuthorizeContext): Promise<void | Interaction> {
  if (!needsConsent(a) && !a.prompts.has('consent')) return;
  const granted = await a.ctx.stores.consents.find(userOf(a).user_id, clientOf(a).client_id, consentAudience(a));
  const covered = granted !== undefined && a.scopes.every((s) => granted.includes(s));
  if (covered && !a.prompts.has('consent')) return;
  if (a.prompts.has('none')) throw new OAuthError('consent_required', 'Consent required');
  return { redirectTo: withParams('/u/consent', a.params) };
}
