// Pages opened from a mailed link that carries a ticket (/u/email-verification, /u/unblock): no
// session needed. GET shows one confirming button and changes nothing (mail scanners open links);
// POST, with the form's CSRF token, uses the ticket (single-use, unexpired) and shows the result.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../crypto.ts';
import type { TicketKind } from '../domain/user-ticket.ts';
import type { TenantStores } from '../storage/ports.ts';
import type { SafeHtml } from '../web/html.ts';
import { newNonce, sendPage } from '../web/layout.ts';
import { CSRF_FAILED, checkCsrf, csrfToken } from '../web/csrf.ts';
import { sendErrorPage } from '../web/error-response.ts';
import { bodyOf } from './authorization-request.ts';

const TICKET_MAX = 256;

export interface TicketPageState<R> {
  tenantName: string;
  nonce: string;
  state: 'confirm' | 'done' | 'invalid';
  ticket?: string;
  csrf?: string;
  result?: R;
}

export interface TicketPage<R> {
  path: string;
  kind: TicketKind;
  /** Uses the ticket; undefined when it is unknown, used or expired. */
  use(stores: TenantStores, ticketHash: string): Promise<R | undefined>;
  render(s: TicketPageState<R>): SafeHtml;
}

/** The `ticket` of a query or a form, when it has a plausible length. */
export function ticketOf(source: unknown): string | undefined {
  const t = source && typeof source === 'object' ? (source as Record<string, unknown>).ticket : undefined;
  return typeof t === 'string' && t.length > 0 && t.length <= TICKET_MAX ? t : undefined;
}

export function registerTicketPage<R>(app: FastifyInstance, p: TicketPage<R>): void {
  const show = (request: FastifyRequest, reply: FastifyReply, status: number, s: Omit<TicketPageState<R>, 'tenantName' | 'nonce'>) => {
    const nonce = newNonce();
    return sendPage(reply, status, p.render({ ...s, tenantName: request.ctx.tenant.settings.friendly_name, nonce }), nonce);
  };

  app.get(p.path, async (request, reply) => {
    const ticket = ticketOf(request.query);
    const valid = ticket && (await request.ctx.stores.userTickets.peek(hashToken(ticket), p.kind, new Date()));
    if (!valid) return show(request, reply, 400, { state: 'invalid' });
    return show(request, reply, 200, { state: 'confirm', ticket, csrf: csrfToken(request, reply) });
  });

  app.post(p.path, async (request, reply) => {
    if (!checkCsrf(request, bodyOf(request))) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
    const ticket = ticketOf(request.body);
    const result = ticket ? await p.use(request.ctx.stores, hashToken(ticket)) : undefined;
    if (result === undefined) return show(request, reply, 400, { state: 'invalid' });
    return show(request, reply, 200, { state: 'done', result });
  });
}
