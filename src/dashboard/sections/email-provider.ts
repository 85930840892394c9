// Settings > Email: the email provider and "Send test email", through /api/v2/emails/provider
// like any other caller.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services/container.ts';
import { fieldError, formBody, text, checked } from '../form.ts';
import { noticeOf, redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { emailProviderPage, type EmailPageInput } from '../pages/email-provider.ts';
import { withNotice } from './common.ts';
import { numberOrText } from './settings.ts';

const API = '/emails/provider';
const PAGE = '/settings/email';
const NOTICES = { saved: 'Email provider saved.', sent: 'Test email queued. If it does not arrive, look for a "Failed to send" entry in Logs.' };
const FIELDS = {
  'credentials.smtp_host': 'smtp_host',
  'credentials.smtp_port': 'smtp_port',
  'credentials.smtp_user': 'smtp_user',
  'credentials.smtp_pass': 'smtp_pass',
  credentials: 'smtp_host',
  default_from_address: 'default_from_address',
  to: 'to',
};

interface ProviderView {
  enabled: boolean;
  default_from_address: string;
  credentials: { smtp_host: string; smtp_port: number; smtp_user: string };
}

async function showPage(reply: FastifyReply, c: Console, extra: Partial<EmailPageInput> & { values?: Record<string, string> }, status = 200) {
  const res = await c.api.call<ProviderView>('GET', API, { query: { fields: 'enabled,default_from_address,credentials', include_fields: 'true' } });
  const p = res.ok ? res.body : undefined;
  const stored: Record<string, string> = p
    ? {
        smtp_host: p.credentials.smtp_host,
        smtp_port: String(p.credentials.smtp_port),
        smtp_user: p.credentials.smtp_user,
        default_from_address: p.default_from_address,
        enabled: p.enabled ? 'on' : '',
      }
    : { enabled: 'on' };
  const body = emailProviderPage({ base: c.base, csrf: c.csrf, configured: !!p, errors: {}, ...extra, values: { ...stored, ...extra.values } });
  return render(reply, c, 'Email', 'settings', body, status);
}

export function registerEmailProviderPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', PAGE, async (c, request, reply) => showPage(reply, c, withNotice(noticeOf(request, NOTICES))));

  tenantPage(app, root, services, 'POST', PAGE, async (c, request, reply) => {
    const form = formBody(request);
    const values = {
      smtp_host: text(form, 'smtp_host'),
      smtp_port: text(form, 'smtp_port'),
      smtp_user: text(form, 'smtp_user'),
      default_from_address: text(form, 'default_from_address'),
      enabled: checked(form, 'enabled') ? 'on' : '',
    };
    const pass = text(form, 'smtp_pass');
    const existing = await c.api.call('GET', API);
    const credentials = {
      smtp_host: values.smtp_host,
      smtp_port: numberOrText(values.smtp_port),
      smtp_user: values.smtp_user,
      ...(pass ? { smtp_pass: pass } : {}),
    };
    const body = {
      name: 'smtp',
      enabled: values.enabled === 'on',
      credentials,
      ...(values.default_from_address ? { default_from_address: values.default_from_address } : {}),
    };
    const res = await c.api.call(existing.ok ? 'PATCH' : 'POST', API, { body });
    if (!res.ok) {
      const e = fieldError(res.error, FIELDS);
      const refused = e.field
        ? { errors: { [e.field]: e.message }, alert: 'Nothing was saved. Fix the field marked below and try again.', firstError: e.field }
        : { alert: `Nothing was saved: ${e.message}` };
      return showPage(reply, c, { values, ...refused }, res.status === 400 ? 400 : res.status);
    }
    return redirectWithNotice(reply, `${c.base}${PAGE}`, 'saved');
  });

  tenantPage(app, root, services, 'POST', `${PAGE}/test`, async (c, request, reply) => {
    const to = text(formBody(request), 'to');
    const res = await c.api.call('POST', `${API}/test`, { body: { to } });
    if (!res.ok) {
      const e = fieldError(res.error, FIELDS);
      return showPage(reply, c, { values: { to }, errors: { to: e.message }, alert: 'No email was sent. Fix the field marked below.', firstError: 'to' }, 400);
    }
    return redirectWithNotice(reply, `${c.base}${PAGE}`, 'sent');
  });
}
