// RFC 7591 §3: "The client registration endpoint MAY be an OAuth 2.0 protected resource and
// accept an initial access token". A presented token is always checked; the tenant's
// registration_policy.require_initial_access_token decides whether one is needed.
import { hashToken } from '../../../../crypto.ts';
import { isUsable } from '../../../../domain/initial-access-token.ts';
import { InvalidToken } from '../../../errors.ts';
import type { NewRegistration, WithInitialAccessToken, WithTenant } from '../state.ts';

/**
 * RFC 6750 §2.1 credentials; undefined when the header is absent or of another scheme (a
 * registration that sends Basic credentials was never asked for a token, and stays open).
 */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  const m = authorization === undefined ? null : /^Bearer(?:\s+(.*))?$/i.exec(authorization.trim());
  if (!m) return undefined;
  // "Bearer" with nothing after it is a token that cannot match.
  return m[1]?.trim() ?? '';
}

export const UNUSABLE_INITIAL_ACCESS_TOKEN = 'the initial access token is unknown, expired, revoked or used up';

/** Refuses an unusable token early; its use is counted atomically by storeClient. */
export async function checkInitialAccessToken({
  request,
  stores,
  tenant,
}: Pick<NewRegistration, 'request' | 'stores'> & WithTenant): Promise<WithInitialAccessToken> {
  const token = bearerTokenOf(request.authorization);
  if (token === undefined) {
    if (tenant.settings.registration_policy.require_initial_access_token === true) {
      throw new InvalidToken("this tenant's registration_policy requires an initial access token (Authorization: Bearer)");
    }
    return {};
  }
  const hash = hashToken(token);
  const found = token === '' ? undefined : await stores.initialAccessTokens.findByHash(hash);
  if (!found || !isUsable(found, new Date())) throw new InvalidToken(UNUSABLE_INITIAL_ACCESS_TOKEN);
  return { initialAccessToken: { id: found.id, hash } };
}
