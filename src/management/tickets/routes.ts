// Auth0's /api/v2/tickets/email-verification (a link to hand to the user) and
// /api/v2/jobs/verification-email (Latchkey mails the link itself).
import { route, type ManagementRoute } from '../route.ts';
import { randomString } from '../../domain/ids.ts';
import { issueTicket } from '../../services/accounts/tickets.ts';
import { sendVerificationEmail } from '../../services/accounts/email-verification.ts';
import { invalidBody, notFound, temporarilyUnavailable } from '../errors.ts';
import { userNotFound } from '../users/service.ts';
import { EmailVerificationTicketBody, JobResponse, PasswordChangeTicketBody, TicketResponse, VerificationEmailJobBody } from './schema.ts';

export const ticketRoutes: ManagementRoute[] = [
  route({
    method: 'POST',
    url: '/tickets/email-verification',
    summary: 'Create an email verification ticket (a single-use link; 5 days unless ttl_sec)',
    scopes: ['create:user_tickets'],
    body: EmailVerificationTicketBody,
    response: { status: 201, schema: TicketResponse },
    async handler({ ctx, body }) {
      const user = await ctx.stores.users.findById(body.user_id);
      if (!user) throw userNotFound();
      if (!user.email) throw invalidBody('The user has no email address.');
      const ticket = await issueTicket(ctx.stores, ctx.issuer, {
        kind: 'email_verification',
        userId: user.user_id,
        clientId: body.client_id ?? null,
        resultUrl: body.result_url ?? null,
        ...(body.ttl_sec !== undefined ? { ttlSec: body.ttl_sec } : {}),
      });
      return { ticket };
    },
  }),
  route({
    method: 'POST',
    url: '/jobs/verification-email',
    summary: 'Send the user an email with a verification link',
    scopes: ['update:users'],
    body: VerificationEmailJobBody,
    response: { status: 201, schema: JobResponse },
    async handler({ ctx, services, body }) {
      const user = await ctx.stores.users.findById(body.user_id);
      if (!user) throw userNotFound();
      if (!user.email) throw invalidBody('The user has no email address.');
      const queued = await sendVerificationEmail({ ...ctx, mail: services.mail }, user, { clientId: body.client_id ?? null });
      if (!queued) throw temporarilyUnavailable(30);
      return { status: 'pending', type: 'verification_email', created_at: new Date().toISOString(), id: `job_${randomString(16)}` };
    },
  }),
  route({
    method: 'POST',
    url: '/tickets/password-change',
    summary: 'Create a password change ticket (user_id, or email with connection_id)',
    scopes: ['create:user_tickets'],
    body: PasswordChangeTicketBody,
    response: { status: 201, schema: TicketResponse },
    async handler({ ctx, body }) {
      if (body.user_id === undefined && (body.email === undefined || body.connection_id === undefined)) {
        throw invalidBody('user_id, or email and connection_id, are required.');
      }
      if (body.connection_id !== undefined && !(await ctx.stores.connections.findById(body.connection_id))) {
        throw notFound('The connection does not exist', 'inexistent_connection');
      }
      const user = body.user_id !== undefined ? await ctx.stores.users.findById(body.user_id) : await ctx.stores.users.findByEmail(body.email!.toLowerCase());
      if (!user) throw userNotFound();
      const ticket = await issueTicket(ctx.stores, ctx.issuer, {
        kind: 'password_change',
        userId: user.user_id,
        clientId: body.client_id ?? null,
        resultUrl: body.result_url ?? null,
        markEmailVerified: body.mark_email_as_verified ?? false,
        ...(body.ttl_sec !== undefined ? { ttlSec: body.ttl_sec } : {}),
      });
      return { ticket };
    },
  }),
];
