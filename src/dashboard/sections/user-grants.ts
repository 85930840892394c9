// A user's page with the applications they authorized (GET /api/v2/grants), and revoking one
// (DELETE /api/v2/grants/{id}) after a confirmation page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import { html } from '../../web/html.ts';
import { noticeOf, redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { seg } from '../api-client.ts';
import type { UserView } from '../pages/users.ts';
import { userPage, type UserGrantRow } from '../pages/user.ts';
import { confirmPage } from '../pages/confirm.ts';
import { must, withNotice } from './common.ts';

const NOTICES = { revoked: 'Access revoked: the application’s refresh tokens for this user no longer work.' };

interface GrantView {
  id: string;
  clientID: string;
  user_id: string;
  audience: string;
  scope: string[];
}

const paramsOf = (request: FastifyRequest) => request.params as { id: string; grant?: string };

async function loadUser(c: Console, request: FastifyRequest): Promise<UserView> {
  return must(await c.api.get<UserView>(`/users/${seg(paramsOf(request).id)}`), 'User not found');
}

/** The user's grants with application and API names (an app or API deleted since shows its id). */
async function grantRows(c: Console, userId: string): Promise<UserGrantRow[]> {
  const grants = must(await c.api.get<GrantView[]>('/grants', { user_id: userId, per_page: 100 }));
  const appNames = new Map<string, string>();
  const apiNames = new Map<string, string | undefined>();
  for (const g of grants) {
    if (!appNames.has(g.clientID)) {
      const app = await c.api.get<{ name: string }>(`/clients/${seg(g.clientID)}`, { fields: 'name' });
      appNames.set(g.clientID, app.ok ? app.body.name : g.clientID);
    }
    if (!apiNames.has(g.audience)) {
      const apis = await c.api.get<{ name: string }[]>('/resource-servers', { identifiers: g.audience });
      apiNames.set(g.audience, apis.ok ? apis.body[0]?.name : undefined);
    }
  }
  return grants.map((g) => {
    const apiName = apiNames.get(g.audience);
    return { ...g, appName: appNames.get(g.clientID)!, ...(apiName !== undefined ? { apiName } : {}) };
  });
}

export function registerUserGrantPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', '/users/:id', async (c, request, reply) => {
    const user = await loadUser(c, request);
    const body = userPage({ base: c.base, user, grants: await grantRows(c, user.user_id), ...withNotice(noticeOf(request, NOTICES)) });
    return render(reply, c, user.email, 'users', body);
  });

  tenantPage(app, root, services, 'GET', '/users/:id/grants/:grant/revoke', async (c, request, reply) => {
    const user = await loadUser(c, request);
    const grant = (await grantRows(c, user.user_id)).find((g) => g.id === paramsOf(request).grant);
    const href = `${c.base}/users/${seg(user.user_id)}`;
    if (!grant) return reply.redirect(href, 303);
    const body = confirmPage({
      title: `Revoke ${grant.appName}?`,
      crumbs: [
        { label: 'Users', href: `${c.base}/users` },
        { label: user.email, href },
      ],
      message: html`<p><strong>${grant.appName}</strong> loses the access <strong>${user.email}</strong> gave it${grant.apiName !== undefined ? html` to <strong>${grant.apiName}</strong>` : ''}. Its refresh tokens for this user stop working at once; it must ask the user for consent again.</p>`,
      action: `${href}/grants/${seg(grant.id)}/revoke`,
      csrf: c.csrf,
      confirmLabel: 'Revoke access',
      cancelHref: href,
    });
    return render(reply, c, `Revoke ${grant.appName}`, 'users', body);
  });

  tenantPage(app, root, services, 'POST', '/users/:id/grants/:grant/revoke', async (c, request, reply) => {
    const { id, grant } = paramsOf(request);
    must(await c.api.call('DELETE', `/grants/${seg(grant!)}`));
    return redirectWithNotice(reply, `${c.base}/users/${seg(id)}`, 'revoked');
  });
}
