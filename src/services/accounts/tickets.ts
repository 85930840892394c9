// Issuing user tickets: a random token for the link, its SHA-256 in the store (DESIGN habit 4).
import { hashToken, newOpaqueToken } from '../../crypto.ts';
import { DEFAULT_TICKET_TTL_SEC, type TicketKind } from '../../domain/user-ticket.ts';
import type { TenantStores } from '../../storage/ports.ts';

export interface TicketRequest {
  kind: TicketKind;
  userId: string;
  clientId?: string | null;
  resultUrl?: string | null;
  ttlSec?: number;
  markEmailVerified?: boolean;
}

const PAGES: Record<TicketKind, string> = { email_verification: 'u/email-verification', password_change: 'u/reset-password', unblock: 'u/unblock' };

/** Stores a new ticket and returns its link on the tenant's issuer origin (the only place the token appears). */
export async function issueTicket(stores: TenantStores, issuer: string, r: TicketRequest): Promise<string> {
  const ticket = newOpaqueToken();
  await stores.userTickets.create({
    ticketHash: hashToken(ticket),
    kind: r.kind,
    userId: r.userId,
    clientId: r.clientId ?? null,
    resultUrl: r.resultUrl ?? null,
    markEmailVerified: r.markEmailVerified ?? false,
    expiresAt: new Date(Date.now() + (r.ttlSec || DEFAULT_TICKET_TTL_SEC) * 1000),
  });
  return `${issuer}${PAGES[r.kind]}?${new URLSearchParams({ ticket })}#`;
}
