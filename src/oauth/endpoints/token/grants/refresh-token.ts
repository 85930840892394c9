// RFC 6749 §6 refresh, rotated on every use (RFC 9700 §4.14.2): the presented token is
// marked rotated and its successor stored in one transaction; presenting a rotated token
// again is reuse, and revokes the whole family (in that same transaction when the reuse races
// the rotation, as a replayed code does in authorization-code.ts).
import { InvalidGrant, InvalidScope } from '../../../errors.ts';
import { parseScope } from '../../../scope.ts';
import { hashToken, newOpaqueToken } from '../../../../crypto.ts';
import type { Grant } from '../grant.ts';
import { loadGrantApi, loadGrantUser, userTokenResponse } from './user-tokens.ts';
import { boundUserScopes } from '../../../api-access.ts';

/** spa-js matches the substring "invalid refresh token" (auth0-behaviour §4.6). */
/** One answer for every reason; the reason goes to the log. */
const invalidRefreshToken = (reason: string) => new InvalidGrant('Unknown or invalid refresh token.', 403).because(reason);

export const refreshTokenGrant: Grant<'refresh_token'> = {
  type: 'refresh_token',
  required: ['refresh_token'],
  allowPublicClients: true,
  async handle({ tenant, issuer, stores, keys, client, params }) {
    const now = new Date();
    const tokenHash = hashToken(params.refresh_token);
    const record = await stores.refreshTokens.find(tokenHash);
    if (!record) throw invalidRefreshToken('unknown refresh token');
    if (record.clientId !== client.client_id) throw invalidRefreshToken('refresh token issued to another client');
    if (record.revokedAt) throw invalidRefreshToken('refresh token revoked');
    if (record.expiresAt.getTime() <= now.getTime()) throw invalidRefreshToken('refresh token expired');
    if (record.rotatedAt) {
      await stores.refreshTokens.revokeFamily(record.familyId, now);
      throw invalidRefreshToken('rotated refresh token reused: its family was revoked');
    }

    // RFC 6749 §6: a narrower scope for this access token; the grant keeps its scope.
    let scopes = record.scopes;
    if (params.scope !== undefined) {
      const requested = parseScope(params.scope);
      const extra = requested.filter((s) => !record.scopes.includes(s));
      if (extra.length) throw new InvalidScope(`Scope not granted by the refresh token: ${extra.join(' ')}`);
      scopes = requested;
    }
    const user = await loadGrantUser(stores, record.userId, () => invalidRefreshToken('the user is blocked or deleted'));
    const api = await loadGrantApi(stores, record.audience, () => invalidRefreshToken('the API was deleted'));
    // The API's access policy as it is now: a third-party app that lost access gets nothing,
    // one whose user grant narrowed gets only what is left (the refresh token keeps its scope).
    scopes = await boundUserScopes(stores, client, api, scopes);

    // Validate fully before the transaction, which then only writes (DESIGN habit 2). A loser of
    // a race for the same token revokes the family inside its transaction, after the winner's
    // rotation committed, so the revoke always finds the winner's successor.
    const successor = newOpaqueToken();
    const rotated = await stores.transaction(async (tx) => {
      if (!(await tx.refreshTokens.markRotated(tokenHash, now))) {
        await tx.refreshTokens.revokeFamily(record.familyId, now);
        return false;
      }
      const { rotatedAt: _r, revokedAt: _v, ...rest } = record;
      await tx.refreshTokens.create(hashToken(successor), { ...rest, createdAt: now });
      return true;
    });
    if (!rotated) throw invalidRefreshToken('refresh token reused during its rotation: its family was revoked');
    return userTokenResponse({
      tenant,
      issuer,
      keys,
      stores,
      client,
      user,
      api,
      scopes,
      authTime: record.authTime,
      ...(record.sid ? { sid: record.sid } : {}),
      refreshToken: successor,
    });
  },
};
