// Users' consents to applications (Auth0 user grants): withdrawing one ends what it allowed. The
// consent and the refresh tokens issued under it go in one transaction, so an app never keeps a
// token its user no longer consents to.
import { tokenAudienceOf, type Consent } from '../domain/grant.ts';
import { USE_RECORD_INTERVAL_MS } from '../domain/client.ts';
import type { TenantStores } from '../storage/ports.ts';

/** Notes that an authorization relied on the consent (written at most once an hour). */
export async function recordConsentUse(stores: TenantStores, consent: Consent, now = new Date()): Promise<void> {
  if (consent.lastUsedAt && now.getTime() - consent.lastUsedAt.getTime() < USE_RECORD_INTERVAL_MS) return;
  await stores.consents.recordUse(consent.id, now, USE_RECORD_INTERVAL_MS);
}

/** Deletes one consent with its refresh tokens; false when it was gone. */
export async function revokeConsent(stores: TenantStores, issuer: string, id: string, now = new Date()): Promise<boolean> {
  return stores.transaction(async (tx) => {
    const gone = await tx.consents.delete(id);
    if (gone) await tx.refreshTokens.revokeForUserClient(gone.userId, gone.clientId, tokenAudienceOf(gone, issuer), now);
    return gone !== undefined;
  });
}

/**
 * Deletes the user's consents (to one client, when given); each client that loses them all loses
 * every refresh token it holds for the user. Returns the consents deleted.
 */
export async function revokeUserConsents(stores: TenantStores, userId: string, clientId?: string, now = new Date()): Promise<Consent[]> {
  return stores.transaction(async (tx) => {
    const gone = await tx.consents.deleteForUser(userId, clientId);
    for (const client of new Set(gone.map((c) => c.clientId))) await tx.refreshTokens.revokeForUserClient(userId, client, undefined, now);
    return gone;
  });
}
