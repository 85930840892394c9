// Email verification: a ticket mailed to the user; the page that uses it marks email_verified.
import type { Tenant } from '../../domain/tenant.ts';
import type { User } from '../../domain/user.ts';
import type { TenantStores } from '../../storage/ports.ts';
import type { MailService } from '../mail/mail-service.ts';
import { verificationEmail } from '../mail/templates.ts';
import { issueTicket } from './tickets.ts';

export interface AccountContext {
  tenant: Tenant;
  issuer: string;
  stores: TenantStores;
  mail: MailService;
}

/** Issues a verification ticket for `user` and queues the email with its link. False when the user has no email. */
export async function sendVerificationEmail(
  c: AccountContext,
  user: User,
  opts: { clientId?: string | null; resultUrl?: string | null } = {},
): Promise<boolean> {
  if (!user.email) return false;
  const url = await issueTicket(c.stores, c.issuer, { kind: 'email_verification', userId: user.user_id, ...opts });
  return c.mail.send(c.tenant, verificationEmail(c.tenant, user.email, url));
}

/** Uses a verification ticket: marks the user's email verified. Returns the ticket's result_url (or null), or undefined when the ticket is unknown, used or expired. */
export async function verifyEmail(stores: TenantStores, ticketHash: string): Promise<{ resultUrl: string | null } | undefined> {
  return stores.transaction(async (tx) => {
    const ticket = await tx.userTickets.consume(ticketHash, 'email_verification', new Date());
    if (!ticket) return undefined;
    const user = await tx.users.findById(ticket.userId);
    if (!user) return undefined;
    if (!user.email_verified) await tx.users.replace({ ...user, email_verified: true });
    return { resultUrl: ticket.resultUrl };
  });
}
