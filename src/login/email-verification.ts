// /u/email-verification?ticket=…: no session needed. GET shows one confirming button and changes
// nothing; POST (with the form's CSRF token) uses the ticket (single-use, unexpired) and marks
// the email verified.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../crypto.ts';
import { newNonce, sendPage } from '../web/layout.ts';
import { CSRF_FAILED, checkCsrf, csrfToken } from '../web/csrf.ts';
import { sendErrorPage } from '../web/error-response.ts';
import { bodyOf } from './authorization-request.ts';
import { verifyEmail } from '../services/accounts/email-verification.ts';
import { emailVerificationPage, type VerificationPageInput } from './pages/email-verification-page.ts';

const PATH = '/u/email-verification';
const TICKET_MAX = 256;

function ticketOf(source: unknown): string | undefined {
  const t = source && typeof source === 'object' ? (source as Record<string, unknown>).ticket : undefined;
  return typeof t === 'string' && t.length > 0 && t.length <= TICKET_MAX ? t : undefined;
}

function show(request: FastifyRequest, reply: FastifyReply, status: number, i: Omit<VerificationPageInput, 'tenantName' | 'nonce'>) {
  const nonce = newNonce();
  return sendPage(reply, status, emailVerificationPage({ ...i, tenantName: request.ctx.tenant.settings.friendly_name, nonce }), nonce);
}

export function registerEmailVerification(app: FastifyInstance): void {
  app.get(PATH, async (request, reply) => {
    const ticket = ticketOf(request.query);
    const valid = ticket && (await request.ctx.stores.userTickets.peek(hashToken(ticket), 'email_verification', new Date()));
    if (!valid) return show(request, reply, 400, { state: 'invalid' });
    return show(request, reply, 200, { state: 'confirm', ticket, csrf: csrfToken(request, reply) });
  });

  app.post(PATH, async (request, reply) => {
    if (!checkCsrf(request, bodyOf(request))) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
    const ticket = ticketOf(request.body);
    const done = ticket && (await verifyEmail(request.ctx.stores, hashToken(ticket)));
    if (!done) return show(request, reply, 400, { state: 'invalid' });
    return show(request, reply, 200, { state: 'verified', resultUrl: done.resultUrl });
  });
}
