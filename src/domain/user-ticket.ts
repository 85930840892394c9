// User tickets (Auth0 /api/v2/tickets/*): single-use links mailed to a user, kept under their
// SHA-256, that verify an email address, let the user choose a new password, or lift the
// brute-force blocks on their account.

export type TicketKind = 'email_verification' | 'password_change' | 'unblock';

export interface UserTicket {
  kind: TicketKind;
  userId: string;
  clientId: string | null;
  /** where the page sends the user when done (Auth0 result_url) */
  resultUrl: string | null;
  markEmailVerified: boolean;
  expiresAt: Date;
}

export interface NewUserTicket extends UserTicket {
  ticketHash: string;
}

/** Auth0's default lifetime of an email-verification ticket: 5 days. */
export const DEFAULT_TICKET_TTL_SEC = 5 * 24 * 3600;
/** Auth0 caps ttl_sec at 30 days. */
export const MAX_TICKET_TTL_SEC = 30 * 24 * 3600;
