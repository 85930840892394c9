// /api/v2/emails/provider bodies (Auth0's email provider; Latchkey delivers through SMTP only).
import { Type, type Static } from 'typebox';
import { FieldsQuery } from '../pagination.ts';

// A header value: one line, no control characters (they would inject MIME headers).
const OneLine = (opts: { maxLength: number; minLength?: number; description?: string }) => Type.String({ ...opts, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });

const Credentials = {
  smtp_host: OneLine({ minLength: 1, maxLength: 253, description: 'Host name or address of the SMTP server' }),
  smtp_port: Type.Integer({
    minimum: 1,
    maximum: 65535,
    description: 'Port of the SMTP server (465: implicit TLS; otherwise STARTTLS when the server offers it)',
  }),
  smtp_user: OneLine({ maxLength: 320, description: 'User name for SMTP AUTH (none when empty)' }),
  smtp_pass: OneLine({ maxLength: 1024, description: 'Password for SMTP AUTH; stored encrypted, never returned' }),
};

const common = {
  enabled: Type.Optional(Type.Boolean({ description: 'Whether mail goes through this provider (when false it is written to the outbox)' })),
  default_from_address: Type.Optional(Type.String({ format: 'email', maxLength: 320, description: 'From address of the mail Latchkey sends' })),
  settings: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Accepted for Auth0 compatibility; unused for smtp' })),
};

export const EmailProviderCreate = Type.Object(
  {
    name: Type.String({ description: 'Only "smtp" is supported' }),
    credentials: Type.Object(
      {
        smtp_host: Credentials.smtp_host,
        smtp_port: Credentials.smtp_port,
        smtp_user: Type.Optional(Credentials.smtp_user),
        smtp_pass: Type.Optional(Credentials.smtp_pass),
      },
      { additionalProperties: false },
    ),
    ...common,
  },
  { additionalProperties: false },
);
export type EmailProviderCreateBody = Static<typeof EmailProviderCreate>;

export const EmailProviderPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'Only "smtp" is supported' })),
    credentials: Type.Optional(Type.Partial(Type.Object(Credentials), { additionalProperties: false })),
    ...common,
  },
  { additionalProperties: false },
);
export type EmailProviderPatchBody = Static<typeof EmailProviderPatch>;

export const EmailProviderResponse = Type.Object(
  {
    name: Type.Optional(Type.String()),
    enabled: Type.Optional(Type.Boolean()),
    default_from_address: Type.Optional(Type.String()),
    credentials: Type.Optional(
      Type.Object({ smtp_host: Type.String(), smtp_port: Type.Integer(), smtp_user: Type.String() }, { description: 'smtp_pass is never returned' }),
    ),
    settings: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);

export const EmailProviderQuery = Type.Object(FieldsQuery);

export const TestEmailBody = Type.Object(
  { to: Type.String({ format: 'email', maxLength: 320, pattern: '^[^\\u0000-\\u001f\\u007f]*$', description: 'Recipient of the test email' }) },
  { additionalProperties: false },
);
