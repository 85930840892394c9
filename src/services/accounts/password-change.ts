// A password change, by any path (reset link, Management API, dashboard): the new hash, and
// everything the old password opened ends with it: the user's sessions, refresh tokens and
// outstanding reset links. Brute-force blocks on the account are lifted, as at Auth0.
import type { TenantStores } from '../../storage/ports.ts';
import { hashPassword } from '../passwords.ts';

/** Sets the password; false when the user is gone. */
export async function changePassword(stores: TenantStores, userId: string, password: string): Promise<boolean> {
  // Hash outside the transaction: it is the slow part and needs no lock.
  const hash = await hashPassword(password);
  return stores.transaction(async (tx) => {
    if (!(await tx.users.setPasswordHash(userId, hash))) return false;
    await tx.sessions.deleteForUser(userId);
    await tx.refreshTokens.revokeForUser(userId, new Date());
    await tx.userTickets.deleteForUser(userId, 'password_change');
    const email = (await tx.users.findById(userId))?.email;
    if (email) await tx.loginFailures.clearIdentifier(email.toLowerCase());
    return true;
  });
}
