// /u/reset-password?ticket=…: no session needed. GET shows the form (and uses nothing); POST
// (with the form's CSRF token) checks the new password against the connection's policy, then
// uses the ticket once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../crypto.ts';
import { passwordRules } from '../domain/password-policy.ts';
import { newNonce, sendPage } from '../web/layout.ts';
import { CSRF_FAILED, checkCsrf, csrfToken } from '../web/csrf.ts';
import { sendErrorPage } from '../web/error-response.ts';
import { bodyOf } from './authorization-request.ts';
import { resetPassword } from '../services/accounts/password-reset.ts';
import { connectionOptions } from '../services/accounts/connection.ts';
import { ticketOf } from './ticket-page.ts';
import { resetPasswordPage, type ResetPageInput } from './pages/reset-password-page.ts';

const PATH = '/u/reset-password';
const PASSWORD_MAX = 1024;

function field(source: unknown, name: string, max: number): string | undefined {
  const v = source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
}

function show(request: FastifyRequest, reply: FastifyReply, status: number, i: Omit<ResetPageInput, 'tenantName' | 'nonce' | 'csrf'>) {
  const nonce = newNonce();
  const csrf = i.state === 'form' ? csrfToken(request, reply) : undefined;
  return sendPage(reply, status, resetPasswordPage({ ...i, csrf, tenantName: request.ctx.tenant.settings.friendly_name, nonce }), nonce);
}

export function registerResetPassword(app: FastifyInstance): void {
  app.get(PATH, async (request, reply) => {
    const ticket = ticketOf(request.query);
    const valid = ticket && (await request.ctx.stores.userTickets.peek(hashToken(ticket), 'password_change', new Date()));
    if (!valid) return show(request, reply, 400, { state: 'invalid' });
    return show(request, reply, 200, { state: 'form', ticket, rules: passwordRules(await connectionOptions(request.ctx.stores)) });
  });

  app.post(PATH, async (request, reply) => {
    if (!checkCsrf(request, bodyOf(request))) return sendErrorPage(request, reply, 403, 'invalid_request', CSRF_FAILED);
    const ticket = ticketOf(request.body);
    if (!ticket) return show(request, reply, 400, { state: 'invalid' });
    const options = await connectionOptions(request.ctx.stores);
    const password = field(request.body, 'password', PASSWORD_MAX) ?? '';
    const outcome = await resetPassword(request.ctx.stores, options, hashToken(ticket), password);
    if (outcome.ok) return show(request, reply, 200, { state: 'done', resultUrl: outcome.resultUrl });
    if (outcome.reason === 'weak') return show(request, reply, 400, { state: 'form', ticket, rules: passwordRules(options), failed: outcome.rule });
    return show(request, reply, 400, { state: 'invalid' });
  });
}
