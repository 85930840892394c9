// Settings > Registration tokens: create (shown once) and revoke initial access tokens, through
// /api/v2/registration/initial-access-tokens like any other caller.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import type { TenantSettings } from '../../domain/tenant.ts';
import { html } from '../../web/html.ts';
import { seg } from '../api-client.ts';
import { fieldError, formBody, text } from '../form.ts';
import { noticeOf, redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { confirmPage } from '../pages/confirm.ts';
import { initialAccessTokensPage, type InitialAccessTokenView, type TokensPageInput } from '../pages/initial-access-tokens.ts';
import { must, withNotice } from './common.ts';
import { numberOrText } from './settings.ts';

const API = '/registration/initial-access-tokens';
const NOTICES = { revoked: 'Token revoked. Registrations that present it are refused.' };
const FIELDS = { expires_in: 'expires_in', max_uses: 'max_uses', note: 'note' };

async function showPage(reply: FastifyReply, c: Console, extra: Partial<TokensPageInput>, status = 200) {
  const tokens = must(await c.api.get<InitialAccessTokenView[]>(API));
  const settings = must(await c.api.get<TenantSettings>('/tenants/settings'));
  const body = initialAccessTokensPage({
    base: c.base,
    csrf: c.csrf,
    nonce: c.nonce,
    tokens,
    values: {},
    errors: {},
    requiredByPolicy: settings.registration_policy.require_initial_access_token === true,
    ...extra,
  });
  return render(reply, c, 'Registration tokens', 'settings', body, status);
}

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

export function registerInitialAccessTokenPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  const page = `/settings/registration-tokens`;

  tenantPage(app, root, services, 'GET', page, async (c, request, reply) => showPage(reply, c, withNotice(noticeOf(request, NOTICES))));

  // The answer is the page itself (no redirect): the token must never sit in a URL or a later page.
  tenantPage(app, root, services, 'POST', page, async (c, request, reply) => {
    const body = formBody(request);
    const values = { expires_in: text(body, 'expires_in'), max_uses: text(body, 'max_uses'), note: text(body, 'note') };
    const res = await c.api.call<{ id: string; token: string }>('POST', API, {
      body: {
        expires_in: numberOrText(values.expires_in),
        max_uses: numberOrText(values.max_uses),
        ...(values.note ? { note: values.note } : {}),
      },
    });
    if (!res.ok) {
      const e = fieldError(res.error, FIELDS);
      const refused = e.field
        ? { errors: { [e.field]: e.message }, alert: 'Nothing was created. Fix the field marked below and try again.', firstError: e.field }
        : { alert: `Nothing was created: ${e.message}` };
      return showPage(reply, c, { values, ...refused }, res.status === 400 ? 400 : res.status);
    }
    reply.header('cache-control', 'no-store');
    return showPage(reply, c, { created: { id: res.body.id, token: res.body.token } });
  });

  tenantPage(app, root, services, 'GET', `${page}/:id/revoke`, async (c, request, reply) => {
    const id = idOf(request);
    const tokens = must(await c.api.get<InitialAccessTokenView[]>(API));
    const token = tokens.find((t) => t.id === id);
    if (!token) return showPage(reply, c, { alert: 'That token does not exist (it may have been revoked already).' }, 404);
    const body = confirmPage({
      title: 'Revoke this registration token?',
      crumbs: [
        { label: 'Settings', href: `${c.base}/settings` },
        { label: 'Registration tokens', href: `${c.base}${page}` },
      ],
      message: html`<p>Registrations that present <span class="code">${token.id}</span>${token.note ? html` (${token.note})` : ''} will be refused from now on. Applications it already registered stay. This cannot be undone.</p>`,
      action: `${c.base}${page}/${seg(token.id)}/revoke`,
      csrf: c.csrf,
      confirmLabel: 'Revoke token',
      cancelHref: `${c.base}${page}`,
    });
    return render(reply, c, 'Revoke registration token', 'settings', body);
  });

  tenantPage(app, root, services, 'POST', `${page}/:id/revoke`, async (c, request, reply) => {
    must(await c.api.call('DELETE', `${API}/${seg(idOf(request))}`), 'Token not found');
    return redirectWithNotice(reply, `${c.base}${page}`, 'revoked');
  });
}
