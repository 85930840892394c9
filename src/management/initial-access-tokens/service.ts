// Initial access tokens: minted with a high-entropy secret shown once, stored under its SHA-256.
import { hashToken, newOpaqueToken } from '../../crypto.ts';
import { newInitialAccessTokenId } from '../../domain/ids.ts';
import { INITIAL_ACCESS_TOKEN_LIMITS as L, type InitialAccessToken } from '../../domain/initial-access-token.ts';
import type { TenantStores } from '../../storage/ports.ts';
import { notFound } from '../errors.ts';
import type { InitialAccessTokenCreateBody } from './schema.ts';

export const initialAccessTokenView = (t: InitialAccessToken) => ({
  id: t.id,
  note: t.note,
  expires_at: t.expiresAt.toISOString(),
  max_uses: t.maxUses,
  uses: t.uses,
  created_at: t.createdAt.toISOString(),
});

export async function createInitialAccessToken(stores: Pick<TenantStores, 'initialAccessTokens'>, body: InitialAccessTokenCreateBody) {
  const token = newOpaqueToken();
  const created = await stores.initialAccessTokens.create({
    id: newInitialAccessTokenId(),
    tokenHash: hashToken(token),
    note: body.note ?? '',
    maxUses: body.max_uses ?? L.defaultMaxUses,
    expiresAt: new Date(Date.now() + 1000 * (body.expires_in ?? L.defaultExpiresIn)),
  });
  return { ...initialAccessTokenView(created), token };
}

export async function deleteInitialAccessToken(stores: Pick<TenantStores, 'initialAccessTokens'>, id: string): Promise<void> {
  if (!(await stores.initialAccessTokens.delete(id))) throw notFound('The initial access token does not exist', 'inexistent_initial_access_token');
}
