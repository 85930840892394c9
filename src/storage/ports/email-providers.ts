// The tenant's one email provider; its SMTP password sealed at rest.
import type { EmailProvider, EmailProviderInput } from '../../domain/email-provider.ts';

export interface EmailProviderStore {
  get(): Promise<EmailProvider | undefined>;
  /** Creates the provider; false when the tenant has one already. */
  create(provider: EmailProviderInput): Promise<boolean>;
  /** Replaces the provider's fields; false when there is none. */
  replace(provider: EmailProviderInput): Promise<boolean>;
}
