// A tenant's email provider (Auth0's /api/v2/emails/provider; Latchkey speaks SMTP only).

export interface EmailProvider {
  name: 'smtp';
  smtpHost: string;
  smtpPort: number;
  smtpUser: string | null;
  /** plaintext only in memory; sealed at rest */
  smtpPass: string | null;
  defaultFromAddress: string;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type EmailProviderInput = Omit<EmailProvider, 'createdAt' | 'updatedAt'>;
