// Mail templates: plain, branded with the tenant's friendly name, a text and an HTML part.
// Every variable is escaped in the HTML part (web/html.ts) and kept on its own line in the text.
import type { Tenant } from '../../domain/tenant.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { MailMessage } from './message.ts';

interface Body {
  subject: string;
  /** paragraphs, plain text */
  lines: string[];
  action?: { label: string; url: string };
}

function brandOf(tenant: Tenant): string {
  return tenant.settings.friendly_name || tenant.name;
}

function htmlBody(brand: string, body: Body): SafeHtml {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${body.subject}</title>
  </head>
  <body style="margin:0;padding:24px;background:#f4f5f7;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328">
    <div style="max-width:520px;margin:0 auto;background:#ffffff;border:1px solid #d8dce1;border-radius:8px;padding:32px">
      <p style="margin:0 0 24px;font-size:18px;font-weight:600">${brand}</p>
      ${body.lines.map((l) => html`<p style="margin:0 0 16px;line-height:1.5">${l}</p>`)}
      ${
        body.action
          ? html`<p style="margin:24px 0"><a href="${body.action.url}" style="display:inline-block;background:#1f6feb;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px">${body.action.label}</a></p>
            <p style="margin:0 0 16px;font-size:13px;color:#57606a;word-break:break-all">${body.action.url}</p>`
          : ''
      }
    </div>
  </body>
</html>
`;
}

function textBody(brand: string, body: Body): string {
  const parts = [brand, '', ...body.lines.flatMap((l) => [l, ''])];
  if (body.action) parts.push(`${body.action.label}: ${body.action.url}`, '');
  return parts.join('\n');
}

function render(tenant: Tenant, to: string, body: Body): MailMessage {
  const brand = brandOf(tenant);
  return { to, subject: `${brand}: ${body.subject}`, text: textBody(brand, body), html: htmlBody(brand, body).value };
}

export function testEmail(tenant: Tenant, to: string): MailMessage {
  return render(tenant, to, {
    subject: 'test email',
    lines: ['This is a test email. Your email provider is set up: mail from this tenant reaches its recipients.'],
  });
}

export function verificationEmail(tenant: Tenant, to: string, url: string): MailMessage {
  return render(tenant, to, {
    subject: 'verify your email address',
    lines: [`Please confirm that ${to} is your email address.`, 'If you did not create an account, you can ignore this message.'],
    action: { label: 'Verify email address', url },
  });
}

export function passwordResetEmail(tenant: Tenant, to: string, url: string): MailMessage {
  return render(tenant, to, {
    subject: 'reset your password',
    lines: [
      'We received a request to reset the password of your account.',
      'If you did not ask for it, you can ignore this message: your password stays as it is.',
    ],
    action: { label: 'Reset password', url },
  });
}

export function unblockEmail(tenant: Tenant, to: string, url: string, attempts: number, network: string | null): MailMessage {
  return render(tenant, to, {
    subject: 'your account has been blocked',
    lines: [
      `We blocked sign-ins to your account after ${attempts} failed login attempts${network ? ` from the network ${network}` : ''}.`,
      'If it was you, use the button below to unblock your account.',
      'If it was not you, someone may be trying to guess your password: consider changing it.',
    ],
    action: { label: 'Unblock my account', url },
  });
}
