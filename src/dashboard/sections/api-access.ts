// An API page's access panels: the access policy (one PATCH of subject_type_authorization) and
// third-party access (user-type client grants: create or change scopes, remove).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { all, formBody, text } from '../form.ts';
import { redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { seg } from '../api-client.ts';
import { apiPage, apiValues, type ResourceServerView } from '../pages/apis.ts';
import { accessPolicyPanel, userGrantsPanel, type AccessPolicyView, type UserGrantView } from '../pages/api-access.ts';
import { must } from './common.ts';

export const ACCESS_NOTICES = { policy_saved: 'Access policy saved.', access_granted: 'Access granted.', access_removed: 'Access removed.' };

export type ApiWithPolicy = ResourceServerView & { subject_type_authorization: AccessPolicyView };

interface PanelState {
  policy?: { values: AccessPolicyView; error: string };
  grant?: { values: { client_id: string; scopes: string[] }; field?: string; error: string };
}

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

async function userGrants(c: Console, rs: ResourceServerView): Promise<UserGrantView[]> {
  const grants = must(await c.api.get<UserGrantView[]>('/client-grants', { audience: rs.identifier, subject_type: 'user', per_page: 100 }));
  return Promise.all(
    grants.map(async (g) => {
      const app = await c.api.get<{ name: string }>(`/clients/${seg(g.client_id)}`, { fields: 'name' });
      return { ...g, ...(app.ok ? { name: app.body.name } : {}) };
    }),
  );
}

/** The panels for a (non-system) API, showing a refused form's values and error when given. */
export async function accessPanels(c: Console, rs: ApiWithPolicy, state: PanelState = {}): Promise<SafeHtml> {
  if (rs.is_system) return html``;
  const href = `${c.base}/apis/${seg(rs.id)}`;
  const [grants, apps] = await Promise.all([
    userGrants(c, rs),
    c.api.get<{ client_id: string; name: string }[]>('/clients', { is_first_party: false, per_page: 100, fields: 'client_id,name' }),
  ]);
  const g = state.grant;
  return html`${accessPolicyPanel({
    href,
    csrf: c.csrf,
    policy: state.policy?.values ?? rs.subject_type_authorization,
    errors: {},
    ...(state.policy ? { alert: `Nothing was saved: ${state.policy.error}` } : {}),
  })}
${userGrantsPanel({
  href,
  csrf: c.csrf,
  api: rs,
  grants,
  apps: apps.ok ? apps.body : [],
  values: g?.values ?? { client_id: '', scopes: [] },
  errors: g?.field ? { [g.field]: g.error } : {},
  ...(g ? { alert: g.field ? 'Access was not granted. Fix the field marked below.' : `Access was not granted: ${g.error}` } : {}),
})}`;
}

async function renderApi(reply: FastifyReply, c: Console, rs: ApiWithPolicy, state: PanelState, status: number) {
  const body = apiPage({ base: c.base, csrf: c.csrf, api: rs, values: apiValues(rs), errors: {}, access: await accessPanels(c, rs, state) });
  return render(reply, c, rs.name, 'apis', body, status);
}

export function registerApiAccessPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  const load = async (c: Console, request: FastifyRequest) => must(await c.api.get<ApiWithPolicy>(`/resource-servers/${seg(idOf(request))}`), 'API not found');

  tenantPage(app, root, services, 'POST', '/apis/:id/access-policy', async (c, request, reply) => {
    const rs = await load(c, request);
    const body = formBody(request);
    const values = { user: { policy: text(body, 'user_policy') }, client: { policy: text(body, 'client_policy') } };
    const res = await c.api.call('PATCH', `/resource-servers/${seg(rs.id)}`, { body: { subject_type_authorization: values } });
    if (!res.ok) return renderApi(reply, c, rs, { policy: { values, error: res.error.message } }, res.status);
    return redirectWithNotice(reply, `${c.base}/apis/${seg(rs.id)}`, 'policy_saved');
  });

  tenantPage(app, root, services, 'POST', '/apis/:id/user-grants', async (c, request, reply) => {
    const rs = await load(c, request);
    const body = formBody(request);
    const values = { client_id: text(body, 'client_id'), scopes: all(body, 'scope') };
    if (!values.client_id) return renderApi(reply, c, rs, { grant: { values, field: 'client_id', error: 'This field is required.' } }, 400);
    // Granting an app that has access already changes its scopes (one user grant per app and API).
    const existing = (await userGrants(c, rs)).find((g) => g.client_id === values.client_id);
    const res = existing
      ? await c.api.call('PATCH', `/client-grants/${seg(existing.id)}`, { body: { scope: values.scopes } })
      : await c.api.call('POST', '/client-grants', {
          body: { client_id: values.client_id, audience: rs.identifier, scope: values.scopes, subject_type: 'user' },
        });
    if (!res.ok) {
      const field = res.status === 404 && res.error.errorCode === 'inexistent_client' ? 'client_id' : undefined;
      const error = field ? 'No application has this client ID.' : res.error.message;
      return renderApi(reply, c, rs, { grant: { values, ...(field ? { field } : {}), error } }, res.status);
    }
    return redirectWithNotice(reply, `${c.base}/apis/${seg(rs.id)}`, 'access_granted');
  });

  tenantPage(app, root, services, 'POST', '/apis/:id/user-grants/:grant/delete', async (c, request, reply) => {
    const rs = await load(c, request);
    const grantId = (request.params as { grant: string }).grant;
    // Only this API's user grants are removed here, whatever id the form carried.
    if (!(await userGrants(c, rs)).some((g) => g.id === grantId)) return renderApi(reply, c, rs, {}, 404);
    must(await c.api.call('DELETE', `/client-grants/${seg(grantId)}`), 'Grant not found');
    return redirectWithNotice(reply, `${c.base}/apis/${seg(rs.id)}`, 'access_removed');
  });
}
