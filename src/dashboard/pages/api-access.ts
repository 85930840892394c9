// An API's access policy (Auth0 subject_type_authorization) and the third-party apps granted
// access to it for their users (user-type client grants): two panels of the API page.
import { html, type SafeHtml } from '../../web/html.ts';
import { choiceGroup, csrfInput, formAlert, inputField, selectField, type Errors } from '../components.ts';
import { seg } from '../api-client.ts';
import type { ResourceServerView } from './apis.ts';

export interface AccessPolicyView {
  user: { policy: string };
  client: { policy: string };
}

export interface UserGrantView {
  id: string;
  client_id: string;
  scope: string[];
  /** the app's name, when it still exists */
  name?: string;
}

export const USER_POLICY_OPTIONS = [
  { value: 'allow_all', label: 'Allow all third-party applications' },
  { value: 'require_client_grant', label: 'Only third-party applications granted access below' },
  { value: 'deny_all', label: 'No third-party application' },
];

export const CLIENT_POLICY_OPTIONS = [
  { value: 'require_client_grant', label: 'Applications with a client grant' },
  { value: 'deny_all', label: 'No application' },
];

export function accessPolicyPanel(i: { href: string; csrf: string; policy: AccessPolicyView; errors: Errors; alert?: string }): SafeHtml {
  return html`<section class="panel" aria-labelledby="access-policy-heading">
<div class="panel-head"><h2 id="access-policy-heading">Access policy</h2><p>Which applications may get access tokens for this API.</p></div>
${formAlert(i.alert)}
<form method="post" action="${i.href}/access-policy" novalidate>
${csrfInput(i.csrf)}
${selectField({
  name: 'user_policy',
  label: 'For their users (third-party applications)',
  value: i.policy.user.policy,
  errors: i.errors,
  options: USER_POLICY_OPTIONS,
  hint: 'Applies to third-party applications, including every self-registered one; your first-party applications are not restricted. With a grant, an application gets at most the grant’s scopes.',
})}
${selectField({
  name: 'client_policy',
  label: 'For themselves (client credentials)',
  value: i.policy.client.policy,
  errors: i.errors,
  options: CLIENT_POLICY_OPTIONS,
  hint: 'Machine-to-machine tokens need a client grant for this API; “No application” refuses them even with one.',
})}
<div class="actions"><button class="btn" type="submit">Save access policy</button></div>
</form>
</section>`;
}

export function userGrantsPanel(i: {
  href: string;
  csrf: string;
  api: ResourceServerView;
  grants: UserGrantView[];
  apps: { client_id: string; name: string }[];
  values: { client_id: string; scopes: string[] };
  errors: Errors;
  alert?: string;
}): SafeHtml {
  const list = i.grants.length
    ? html`<div class="table-wrap"><table>
<caption class="visually-hidden">Third-party applications with access</caption>
<thead><tr><th scope="col">Application</th><th scope="col">Scopes</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${i.grants.map(
        (g) => html`<tr>
<td>${g.name ?? html`<span class="muted">(deleted)</span>`}<br><span class="code">${g.client_id}</span></td>
<td>${g.scope.length ? g.scope.map((s) => html`<span class="code">${s}</span> `) : html`<span class="muted">No scopes</span>`}</td>
<td><form method="post" action="${i.href}/user-grants/${seg(g.id)}/delete">${csrfInput(i.csrf)}<button class="btn small danger-outline" type="submit" aria-label="Remove access of ${g.name ?? g.client_id}">Remove</button></form></td>
</tr>`,
      )}</tbody>
</table></div>`
    : html`<p class="muted">No third-party application has been granted access.</p>`;
  const scopeField = i.api.scopes.length
    ? choiceGroup({
        name: 'scope',
        label: 'Scopes',
        type: 'checkbox',
        checked: i.values.scopes,
        options: i.api.scopes.map((s) => ({ value: s.value, label: s.value, ...(s.description ? { description: s.description } : {}) })),
        errors: i.errors,
        hint: 'The most the application may ask its users for; scopes it asks for beyond these are left out of its tokens.',
      })
    : html`<p class="hint">This API defines no scopes: access tokens will carry none of its own.</p>`;
  return html`<section class="panel" aria-labelledby="user-grants-heading">
<div class="panel-head"><h2 id="user-grants-heading">Third-party access</h2><p>Applications allowed to get tokens for their users when the policy requires a grant (and for strict self-registered applications).</p></div>
${list}
${formAlert(i.alert)}
<form class="formlet" method="post" action="${i.href}/user-grants" novalidate aria-labelledby="grant-access-heading">
<h3 class="label" id="grant-access-heading">Grant access</h3>
${csrfInput(i.csrf)}
${inputField({
  name: 'client_id',
  label: 'Application (client ID)',
  value: i.values.client_id,
  errors: i.errors,
  required: true,
  hint: 'Pick a third-party application from the suggestions or paste its client ID. Granting an application that already has access changes its scopes.',
  extra: html` list="third-party-apps" autocomplete="off" spellcheck="false"`,
})}
<datalist id="third-party-apps">${i.apps.map((a) => html`<option value="${a.client_id}">${a.name}</option>`)}</datalist>
${scopeField}
<div class="actions"><button class="btn" type="submit">Grant access</button></div>
</form>
</section>`;
}
