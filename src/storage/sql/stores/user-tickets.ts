import type { Selectable } from 'kysely';
import type { NewUserTicket, TicketKind, UserTicket } from '../../../domain/user-ticket.ts';
import type { UserTicketStore } from '../../ports.ts';
import type { UserTicketsTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';

const toTicket = (r: Selectable<UserTicketsTable>): UserTicket => ({
  kind: r.kind as TicketKind,
  userId: r.user_id,
  clientId: r.client_id,
  resultUrl: r.result_url,
  markEmailVerified: Number(r.mark_email_verified) === 1,
  expiresAt: new Date(Number(r.expires_at)),
});

export class SqlUserTicketStore implements UserTicketStore {
  constructor(private readonly scope: TenantScope) {}

  async create(t: NewUserTicket) {
    await this.scope
      .insertInto('user_tickets', {
        ticket_hash: t.ticketHash,
        kind: t.kind,
        user_id: t.userId,
        client_id: t.clientId,
        result_url: t.resultUrl,
        mark_email_verified: t.markEmailVerified ? 1 : 0,
        expires_at: t.expiresAt.getTime(),
        created_at: Date.now(),
      })
      .execute();
  }

  async peek(ticketHash: string, kind: TicketKind, now: Date) {
    const row = await this.scope
      .selectFrom('user_tickets')
      .selectAll()
      .where('ticket_hash', '=', ticketHash)
      .where('kind', '=', kind)
      .where('expires_at', '>', now.getTime())
      .executeTakeFirst();
    return row && toTicket(row);
  }

  async consume(ticketHash: string, kind: TicketKind, now: Date) {
    // One DELETE ... RETURNING: of racing uses exactly one deletes the row and gets it back.
    const row = await this.scope
      .deleteFrom('user_tickets')
      .where('ticket_hash', '=', ticketHash)
      .where('kind', '=', kind)
      .where('expires_at', '>', now.getTime())
      .returningAll()
      .executeTakeFirst();
    return row && toTicket(row as Selectable<UserTicketsTable>);
  }

  async deleteForUser(userId: string, kind: TicketKind) {
    const res = await this.scope.deleteFrom('user_tickets').where('user_id', '=', userId).where('kind', '=', kind).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
