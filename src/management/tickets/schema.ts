// /api/v2/tickets/email-verification and /api/v2/jobs/verification-email bodies (Auth0).
import { Type } from 'typebox';
import { MAX_TICKET_TTL_SEC } from '../../domain/user-ticket.ts';

const UserId = Type.String({ minLength: 1, maxLength: 255, description: 'The user_id of the user (auth0|...)' });
const ClientId = Type.String({ minLength: 1, maxLength: 255, description: 'The application the email is for' });

export const EmailVerificationTicketBody = Type.Object(
  {
    user_id: UserId,
    result_url: Type.Optional(
      Type.String({ format: 'uri', maxLength: 2048, pattern: '^https?://', description: 'Where the page links to once the email is verified' }),
    ),
    ttl_sec: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TICKET_TTL_SEC, description: 'Seconds the ticket stays valid (0 or absent: 5 days)' })),
    client_id: Type.Optional(ClientId),
    includeEmailInRedirect: Type.Optional(Type.Boolean({ description: 'Accepted for Auth0 compatibility' })),
    identity: Type.Optional(Type.Object({ user_id: Type.String(), provider: Type.String() }, { additionalProperties: true })),
  },
  { additionalProperties: false },
);

export const TicketResponse = Type.Object({ ticket: Type.String({ description: 'The link to send to the user' }) });

export const VerificationEmailJobBody = Type.Object(
  {
    user_id: UserId,
    client_id: Type.Optional(ClientId),
    identity: Type.Optional(Type.Object({ user_id: Type.String(), provider: Type.String() }, { additionalProperties: true })),
    organization_id: Type.Optional(Type.String({ maxLength: 255 })),
  },
  { additionalProperties: false },
);

export const JobResponse = Type.Object({
  status: Type.String(),
  type: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  id: Type.String(),
});

export const PasswordChangeTicketBody = Type.Object(
  {
    user_id: Type.Optional(UserId),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320, description: 'With connection_id, instead of user_id' })),
    connection_id: Type.Optional(Type.String({ maxLength: 255 })),
    result_url: Type.Optional(
      Type.String({ format: 'uri', maxLength: 2048, pattern: '^https?://', description: 'Where the page links to once the password is changed' }),
    ),
    ttl_sec: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TICKET_TTL_SEC, description: 'Seconds the ticket stays valid (0 or absent: 5 days)' })),
    mark_email_as_verified: Type.Optional(Type.Boolean({ description: 'Also mark the email verified when the password is changed' })),
    client_id: Type.Optional(ClientId),
    includeEmailInRedirect: Type.Optional(Type.Boolean()),
    organization_id: Type.Optional(Type.String({ maxLength: 255 })),
  },
  { additionalProperties: false },
);
