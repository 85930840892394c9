// The tenant's email provider: create, replace fields, and the view the API answers with.
import type { EmailProvider, EmailProviderInput } from '../../domain/email-provider.ts';
import type { Tenant } from '../../domain/tenant.ts';
import type { TenantStores } from '../../storage/ports.ts';
import { conflict, invalidBody, notFound } from '../errors.ts';
import type { EmailProviderCreateBody, EmailProviderPatchBody } from './schema.ts';

export const noProvider = () => notFound('There is not a configured email provider');

function checkName(name: string | undefined): void {
  if (name !== undefined && name !== 'smtp') throw invalidBody(`name: "${name}" is not supported; Latchkey sends mail through "smtp" only`);
}

function defaultFrom(tenant: Tenant): string {
  return `no-reply@${tenant.domain.split(':')[0]}`;
}

export function emailProviderView(p: EmailProvider): Record<string, unknown> {
  return {
    name: p.name,
    enabled: p.enabled,
    default_from_address: p.defaultFromAddress,
    credentials: { smtp_host: p.smtpHost, smtp_port: p.smtpPort, smtp_user: p.smtpUser ?? '' },
    settings: {},
  };
}

export async function createEmailProvider(stores: TenantStores, tenant: Tenant, body: EmailProviderCreateBody): Promise<EmailProvider> {
  checkName(body.name);
  const input: EmailProviderInput = {
    name: 'smtp',
    smtpHost: body.credentials.smtp_host,
    smtpPort: body.credentials.smtp_port,
    smtpUser: body.credentials.smtp_user || null,
    smtpPass: body.credentials.smtp_pass || null,
    defaultFromAddress: body.default_from_address ?? defaultFrom(tenant),
    enabled: body.enabled ?? true,
  };
  if (!(await stores.emailProvider.create(input))) throw conflict('An email provider is already configured', 'email_provider_conflict');
  return (await stores.emailProvider.get())!;
}

export async function updateEmailProvider(stores: TenantStores, body: EmailProviderPatchBody): Promise<EmailProvider> {
  checkName(body.name);
  return stores.transaction(async (tx) => {
    const current = await tx.emailProvider.get();
    if (!current) throw noProvider();
    const c = body.credentials ?? {};
    const next: EmailProviderInput = {
      name: 'smtp',
      smtpHost: c.smtp_host ?? current.smtpHost,
      smtpPort: c.smtp_port ?? current.smtpPort,
      smtpUser: c.smtp_user === undefined ? current.smtpUser : c.smtp_user || null,
      smtpPass: c.smtp_pass === undefined ? current.smtpPass : c.smtp_pass || null,
      defaultFromAddress: body.default_from_address ?? current.defaultFromAddress,
      enabled: body.enabled ?? current.enabled,
    };
    await tx.emailProvider.replace(next);
    return (await tx.emailProvider.get())!;
  });
}
