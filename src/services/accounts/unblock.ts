// Brute-force notification (Auth0's user_notification shield): the user is mailed a single-use
// link that lifts the blocks on their account.
import type { User } from '../../domain/user.ts';
import type { TenantStores } from '../../storage/ports.ts';
import { unblockEmail } from '../mail/templates.ts';
import type { AccountContext } from './email-verification.ts';
import { issueTicket } from './tickets.ts';

/** Lifetime of an unblock link: a block lasts minutes, the link need not outlive a day. */
const UNBLOCK_TTL_SEC = 24 * 3600;

/** Issues an unblock ticket for `user` and queues the email. False when the user has no email or the queue is full. */
export async function sendUnblockEmail(c: AccountContext, user: User, attempts: number, network: string | null): Promise<boolean> {
  if (!user.email) return false;
  const url = await issueTicket(c.stores, c.issuer, { kind: 'unblock', userId: user.user_id, ttlSec: UNBLOCK_TTL_SEC });
  return c.mail.send(c.tenant, unblockEmail(c.tenant, user.email, url, attempts, network));
}

/** Uses an unblock ticket: forgets every failure count of the user's email. False when the ticket is unknown, used or expired. */
export async function unblockWithTicket(stores: TenantStores, ticketHash: string): Promise<boolean> {
  return stores.transaction(async (tx) => {
    const ticket = await tx.userTickets.consume(ticketHash, 'unblock', new Date());
    if (!ticket) return false;
    const email = (await tx.users.findById(ticket.userId))?.email;
    if (!email) return false;
    await tx.loginFailures.clearIdentifier(email.toLowerCase());
    return true;
  });
}
