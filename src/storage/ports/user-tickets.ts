// User tickets, stored under their SHA-256; each can be used once.
import type { NewUserTicket, TicketKind, UserTicket } from '../../domain/user-ticket.ts';

export interface UserTicketStore {
  create(ticket: NewUserTicket): Promise<void>;
  /** The ticket if it exists and has not expired at `now`, without using it. */
  peek(ticketHash: string, kind: TicketKind, now: Date): Promise<UserTicket | undefined>;
  /**
   * Uses the ticket: deletes it in one statement if it exists, is of `kind` and has not expired,
   * and returns it. However many requests race, one gets it; the others get undefined.
   */
  consume(ticketHash: string, kind: TicketKind, now: Date): Promise<UserTicket | undefined>;
  /** Deletes the user's tickets of `kind` (a password changed: older reset links stop working). */
  deleteForUser(userId: string, kind: TicketKind): Promise<number>;
}
