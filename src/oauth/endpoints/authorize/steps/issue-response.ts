import { randomString } from '../../../../domain/ids.ts';
import { issueIdToken } from '../../../tokens/id-token.ts';
import { hashToken, newOpaqueToken } from '../../../../crypto.ts';
import { idTokenLifetime, issueUserAccessToken } from '../../../tokens/user-tokens.ts';
import type { ValidatedRequest, WithSession } from '../context.ts';
import { authorizeUserScopes } from '../../../rbac.ts';

/** RFC 6749 §4.1.2 recommends at most 10 minutes; codes are single-use either way. */
export const CODE_LIFETIME_MS = 5 * 60_000;

/**
 * The authorization response's fields (RFC 6749 §4.1.2, §4.2.2; OIDC Core §3.3.2.5):
 * a code, an access token, an ID token (with at_hash / c_hash) as the response type asks,
 * then `state` and `iss` (RFC 9207).
 */
export async function issueResponse(a: ValidatedRequest & WithSession): Promise<{ response: Record<string, string> }> {
  const { ctx, keys, client, user, session } = a;
  const authTime = Math.floor(session.authTime.getTime() / 1000);
  const out: Record<string, string> = {};

  if (a.responseType.has('code')) {
    const code = newOpaqueToken();
    await ctx.stores.authorizationCodes.create(hashToken(code), {
      clientId: client.client_id,
      userId: user.user_id,
      redirectUri: a.redirectUri,
      redirectUriSent: a.redirectUriSent,
      scopes: a.scopes,
      audience: a.api?.identifier ?? null,
      ...(a.nonce !== undefined ? { nonce: a.nonce } : {}),
      ...(a.codeChallenge ? { codeChallenge: a.codeChallenge } : {}),
      sid: session.sid,
      authTime,
      familyId: randomString(24),
      expiresAt: new Date(a.now.getTime() + CODE_LIFETIME_MS),
    });
    out.code = code;
  }
  if (a.responseType.has('token')) {
    const { scopes, permissions } = await authorizeUserScopes(ctx.stores, a.api, user.user_id, a.scopes);
    const { token, expiresIn } = await issueUserAccessToken(keys, {
      tenantId: ctx.tenant.id,
      issuer: ctx.issuer,
      client,
      userId: user.user_id,
      api: a.api,
      scopes,
      web: true,
      authTime,
      ...(permissions ? { permissions } : {}),
    });
    out.access_token = token;
    out.token_type = 'Bearer';
    out.expires_in = String(expiresIn);
    if (scopes.length) out.scope = scopes.join(' ');
  }
  if (a.responseType.has('id_token')) {
    out.id_token = await issueIdToken(keys, {
      tenantId: ctx.tenant.id,
      issuer: ctx.issuer,
      user,
      clientId: client.client_id,
      scopes: a.scopes,
      lifetimeSeconds: idTokenLifetime(client),
      authTime,
      sid: session.sid,
      ...(a.nonce !== undefined ? { nonce: a.nonce } : {}),
      ...(out.access_token ? { accessToken: out.access_token } : {}),
      ...(out.code ? { code: out.code } : {}),
    });
  }
  if (a.params.state !== undefined) out.state = a.params.state;
  out.iss = ctx.issuer;
  return { response: out };
}
