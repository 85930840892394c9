// Password reset: a password_change ticket mailed to the user; the page that uses it sets a new
// password under the connection's policy (services/accounts/password-change.ts ends the rest).
import type { User } from '../../domain/user.ts';
import type { ConnectionOptions } from '../../domain/connection.ts';
import { failedPasswordRule, type PasswordRule } from '../../domain/password-policy.ts';
import type { TenantStores } from '../../storage/ports.ts';
import { passwordResetEmail } from '../mail/templates.ts';
import type { AccountContext } from './email-verification.ts';
import { changePassword } from './password-change.ts';
import { issueTicket } from './tickets.ts';

/** Lifetime of a reset link mailed by /dbconnections/change_password (Auth0's default: 5 days). */
export const RESET_TTL_SEC = 5 * 24 * 3600;

export interface ResetRequest {
  clientId: string | null;
  /** where the page's "Back to the application" leads once the password is changed */
  resultUrl?: string | null;
}

export async function sendPasswordResetEmail(c: AccountContext, user: User, r: ResetRequest): Promise<boolean> {
  const url = await issueTicket(c.stores, c.issuer, { kind: 'password_change', userId: user.user_id, ttlSec: RESET_TTL_SEC, ...r });
  return c.mail.send(c.tenant, passwordResetEmail(c.tenant, user.email, url));
}

/**
 * A reset asked for by email (Auth0's change_password and the "Forgot password?" page): the
 * mail goes to an unblocked user of that email; the caller answers the same either way, so
 * that nobody learns who has an account.
 */
export async function requestPasswordReset(c: AccountContext, email: string, r: ResetRequest): Promise<void> {
  const user = await c.stores.users.findByEmail(email.toLowerCase());
  if (user && !user.blocked) await sendPasswordResetEmail(c, user, r);
}

export type ResetOutcome = { ok: true; resultUrl: string | null } | { ok: false; reason: 'invalid_ticket' } | { ok: false; reason: 'weak'; rule: PasswordRule };

/**
 * Sets a new password with a ticket. The policy is checked before the ticket is used, so a
 * refused password leaves the link working; the ticket is then used exactly once.
 */
export async function resetPassword(stores: TenantStores, options: ConnectionOptions, ticketHash: string, password: string): Promise<ResetOutcome> {
  const ticket = await stores.userTickets.peek(ticketHash, 'password_change', new Date());
  const user = ticket && (await stores.users.findById(ticket.userId));
  if (!ticket || !user) return { ok: false, reason: 'invalid_ticket' };
  const rule = failedPasswordRule(password, options, user);
  if (rule) return { ok: false, reason: 'weak', rule };
  const used = await stores.userTickets.consume(ticketHash, 'password_change', new Date());
  if (!used) return { ok: false, reason: 'invalid_ticket' };
  if (!(await changePassword(stores, user.user_id, password))) return { ok: false, reason: 'invalid_ticket' };
  if (used.markEmailVerified && !user.email_verified) {
    const fresh = await stores.users.findById(user.user_id);
    if (fresh) await stores.users.replace({ ...fresh, email_verified: true });
  }
  return { ok: true, resultUrl: used.resultUrl };
}
