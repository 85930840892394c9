// Settings > Signing keys: list, rotate and revoke (each after a confirmation page), through
// /api/v2/keys/signing like any other caller.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import { html } from '../../web/html.ts';
import { seg } from '../api-client.ts';
import { noticeOf, redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { confirmPage } from '../pages/confirm.ts';
import { signingKeysPage, type SigningKeysPageInput, type SigningKeyView } from '../pages/signing-keys.ts';
import type { TenantSettings } from '../../domain/tenant.ts';
import { formBody, text } from '../form.ts';
import { numberOrText } from './settings.ts';
import { must, withNotice } from './common.ts';

const API = '/keys/signing';
const PAGE = '/settings/signing-keys';
const NOTICES = {
  rotated: 'Keys rotated. The former next key now signs tokens; the former current key is still published.',
  revoked: 'Key revoked. It is no longer published, and tokens it signed are refused.',
  scheduled: 'Schedule saved.',
};

type PageExtra = Partial<Pick<SigningKeysPageInput, 'rotationDays' | 'errors' | 'alert' | 'notice'>>;

async function showPage(reply: FastifyReply, c: Console, extra: PageExtra, status = 200) {
  const keys = must(await c.api.get<SigningKeyView[]>(API));
  const settings = must(await c.api.get<TenantSettings>('/tenants/settings'));
  const body = signingKeysPage({ base: c.base, csrf: c.csrf, keys, rotationDays: String(settings.signing_keys_rotation_days ?? ''), errors: {}, ...extra });
  return render(reply, c, 'Signing keys', 'settings', body, status);
}

const crumbs = (c: Console) => [
  { label: 'Settings', href: `${c.base}/settings` },
  { label: 'Signing keys', href: `${c.base}${PAGE}` },
];

const kidOf = (request: FastifyRequest) => (request.params as { kid: string }).kid;

export function registerSigningKeyPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', PAGE, async (c, request, reply) => showPage(reply, c, withNotice(noticeOf(request, NOTICES))));

  tenantPage(app, root, services, 'POST', `${PAGE}/schedule`, async (c, request, reply) => {
    const days = text(formBody(request), 'signing_keys_rotation_days');
    const res = await c.api.call('PATCH', '/tenants/settings', { body: { signing_keys_rotation_days: days === '' ? null : numberOrText(days) } });
    if (!res.ok) {
      const message = 'Enter a whole number of days from 1 to 3650, or leave the field empty.';
      return showPage(
        reply,
        c,
        { rotationDays: days, errors: { signing_keys_rotation_days: message }, alert: 'The schedule was not saved. Fix the field marked below.' },
        400,
      );
    }
    return redirectWithNotice(reply, `${c.base}${PAGE}`, 'scheduled');
  });

  tenantPage(app, root, services, 'GET', `${PAGE}/rotate`, async (c, _request, reply) => {
    const keys = must(await c.api.get<SigningKeyView[]>(API));
    const next = keys.find((k) => k.next);
    const body = confirmPage({
      title: 'Rotate the signing key?',
      crumbs: crumbs(c),
      message: html`<p>The next key${next ? html` <span class="code">${next.kid}</span>` : ''} starts signing tokens now. The current key stays published, so tokens it signed keep verifying until you revoke it. Applications that cached the key set already know the next key.</p>`,
      action: `${c.base}${PAGE}/rotate`,
      csrf: c.csrf,
      confirmLabel: 'Rotate key',
      cancelHref: `${c.base}${PAGE}`,
    });
    return render(reply, c, 'Rotate signing key', 'settings', body);
  });

  tenantPage(app, root, services, 'POST', `${PAGE}/rotate`, async (c, _request, reply) => {
    must(await c.api.call('POST', `${API}/rotate`));
    return redirectWithNotice(reply, `${c.base}${PAGE}`, 'rotated');
  });

  tenantPage(app, root, services, 'GET', `${PAGE}/:kid/revoke`, async (c, request, reply) => {
    const key = must(await c.api.get<SigningKeyView>(`${API}/${seg(kidOf(request))}`), 'Signing key not found');
    if (!key.previous) return showPage(reply, c, { alert: 'Only a previously used key can be revoked.' }, 400);
    const body = confirmPage({
      title: 'Revoke this signing key?',
      crumbs: crumbs(c),
      message: html`<p>Key <span class="code">${key.kid}</span> leaves the published key set at once, and every token it signed is refused from then on, here and by applications that fetch the key set again. This cannot be undone.</p>`,
      action: `${c.base}${PAGE}/${seg(key.kid)}/revoke`,
      csrf: c.csrf,
      confirmLabel: 'Revoke key',
      cancelHref: `${c.base}${PAGE}`,
    });
    return render(reply, c, 'Revoke signing key', 'settings', body);
  });

  tenantPage(app, root, services, 'POST', `${PAGE}/:kid/revoke`, async (c, request, reply) => {
    must(await c.api.call('PUT', `${API}/${seg(kidOf(request))}/revoke`), 'Signing key not found');
    return redirectWithNotice(reply, `${c.base}${PAGE}`, 'revoked');
  });
}
