// RFC 6749 §4.1.3 authorization code grant with PKCE (RFC 7636 §4.5-4.6). The code is
// consumed by one conditional UPDATE, in one transaction with the refresh token it starts; a
// replayed code revokes the refresh tokens it issued (RFC 6749 §4.1.2, §10.5; RFC 9700 §4.5).
// Texts as Auth0's (auth0-behaviour §4.6).
import { createHash } from 'node:crypto';
import { hashToken, newOpaqueToken, secretsEqual } from '../../../../crypto.ts';
import { InvalidGrant, InvalidRequest } from '../../../errors.ts';
import type { AuthorizationCodeRecord } from '../../../../storage/ports.ts';
import type { Grant, TokenRequest } from '../grant.ts';
import { REFRESH_TOKEN_LIFETIME_MS, loadGrantApi, loadGrantUser, userTokenResponse } from './user-tokens.ts';
import { boundUserScopes } from '../../../api-access.ts';

/** One answer for every reason (nothing to learn from it); the reason goes to the log. */
const invalidCode = (reason: string) => new InvalidGrant('Invalid authorization code', 403).because(reason);

async function findCode({ stores, client }: Pick<TokenRequest, 'stores' | 'client'>, codeHash: string, now: Date): Promise<AuthorizationCodeRecord> {
  const code = await stores.authorizationCodes.find(codeHash);
  if (!code) throw invalidCode('unknown code');
  if (code.clientId !== client.client_id) throw invalidCode('code issued to another client');
  if (code.consumedAt) {
    await stores.refreshTokens.revokeFamily(code.familyId, now);
    throw invalidCode('code replayed: its refresh tokens were revoked');
  }
  if (code.expiresAt.getTime() <= now.getTime()) throw invalidCode('code expired');
  return code;
}

/** RFC 6749 §4.1.3: redirect_uri must be identical when the authorization request had one. */
function checkRedirectUri(code: AuthorizationCodeRecord, sent: string | undefined): void {
  if (code.redirectUriSent ? sent !== code.redirectUri : sent !== undefined && sent !== code.redirectUri) {
    throw new InvalidGrant('redirect_uri does not match the one used in the authorization request', 403);
  }
}

/** RFC 7636 §4.6; a verifier without a challenge is refused too (RFC 9700 §2.1.1, downgrade). */
function verifyPkce(code: AuthorizationCodeRecord, verifier: string | undefined): void {
  if (code.codeChallenge === undefined) {
    if (verifier !== undefined) throw new InvalidGrant('Failed to verify code verifier', 403);
    return;
  }
  if (verifier === undefined) throw new InvalidRequest('Missing required parameter: code_verifier');
  const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || !secretsEqual(computed, code.codeChallenge)) {
    throw new InvalidGrant('Failed to verify code verifier', 403);
  }
}

/**
 * Consumes the code and stores the refresh token it starts (if any) in one transaction: both
 * are durable or neither, and it resolves after the commit, so no token leaves before its
 * code's use is on disk. False when the code was used already: a replay, which revokes the
 * family (RFC 6749 §4.1.2). A replay can only lose once the winner's transaction committed (on
 * PostgreSQL its UPDATE waits for the winner's row lock, on SQLite the one writer runs them in
 * turn), so its revoke, a later statement, always finds the winner's refresh token.
 */
function exchangeCode(
  { stores, client }: Pick<TokenRequest, 'stores' | 'client'>,
  codeHash: string,
  code: AuthorizationCodeRecord,
  refreshToken: string | undefined,
  now: Date,
): Promise<boolean> {
  return stores.transaction(async (tx) => {
    if (!(await tx.authorizationCodes.consume(codeHash, now))) {
      await tx.refreshTokens.revokeFamily(code.familyId, now);
      return false;
    }
    if (refreshToken) {
      await tx.refreshTokens.create(hashToken(refreshToken), {
        familyId: code.familyId,
        clientId: client.client_id,
        userId: code.userId,
        audience: code.audience,
        scopes: code.scopes,
        sid: code.sid,
        authTime: code.authTime,
        createdAt: now,
        expiresAt: new Date(now.getTime() + REFRESH_TOKEN_LIFETIME_MS),
      });
    }
    return true;
  });
}

export const authorizationCodeGrant: Grant<'code'> = {
  type: 'authorization_code',
  required: ['code'],
  allowPublicClients: true,
  async handle(req) {
    const { tenant, issuer, stores, keys, client, params } = req;
    const now = new Date();
    const codeHash = hashToken(params.code);
    const code = await findCode(req, codeHash, now);
    checkRedirectUri(code, params.redirect_uri);
    verifyPkce(code, params.code_verifier);
    // Validate fully before the transaction, which then only writes (DESIGN habit 2).
    const user = await loadGrantUser(stores, code.userId, () => invalidCode('the user is blocked or deleted'));
    const api = await loadGrantApi(stores, code.audience, () => invalidCode('the API was deleted'));
    // The access policy may have changed since /authorize (refused: the code stays unused).
    const scopes = await boundUserScopes(stores, client, api, code.scopes);
    const offline = scopes.includes('offline_access') && client.grant_types.includes('refresh_token');
    const refreshToken = offline ? newOpaqueToken() : undefined;
    if (!(await exchangeCode(req, codeHash, { ...code, scopes }, refreshToken, now)))
      throw invalidCode('code replayed during its exchange: its refresh tokens were revoked');
    return userTokenResponse({
      tenant,
      issuer,
      keys,
      stores,
      client,
      user,
      api,
      scopes,
      authTime: code.authTime,
      sid: code.sid,
      ...(code.nonce !== undefined ? { nonce: code.nonce } : {}),
      ...(refreshToken ? { refreshToken } : {}),
    });
  },
};
