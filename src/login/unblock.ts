// /u/unblock?ticket=…: the link of a brute-force notification; one confirming button, then the
// blocks on the account are lifted.
import type { FastifyInstance } from 'fastify';
import { unblockWithTicket } from '../services/accounts/unblock.ts';
import { unblockPage } from './pages/unblock-page.ts';
import { registerTicketPage } from './ticket-page.ts';

export function registerUnblock(app: FastifyInstance): void {
  registerTicketPage(app, {
    path: '/u/unblock',
    kind: 'unblock',
    // undefined, not false, for a ticket that did nothing
    use: async (stores, ticketHash) => ((await unblockWithTicket(stores, ticketHash)) ? true : undefined),
    render: ({ state, result: _result, ...rest }) => unblockPage({ ...rest, state: state === 'done' ? 'unblocked' : state }),
  });
}
