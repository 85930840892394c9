// /u/email-verification?ticket=…: one confirming button; using the ticket marks the email verified.
import type { FastifyInstance } from 'fastify';
import { verifyEmail } from '../services/accounts/email-verification.ts';
import { emailVerificationPage } from './pages/email-verification-page.ts';
import { registerTicketPage } from './ticket-page.ts';

export function registerEmailVerification(app: FastifyInstance): void {
  registerTicketPage(app, {
    path: '/u/email-verification',
    kind: 'email_verification',
    use: verifyEmail,
    render: ({ state, result, ...rest }) =>
      emailVerificationPage({ ...rest, state: state === 'done' ? 'verified' : state, ...(result ? { resultUrl: result.resultUrl } : {}) }),
  });
}
