// APIs (resource servers): the list, the create form and one API's settings and scopes.
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfInput, formAlert, inputField, notice, pageHead, type Errors } from '../components.ts';
import { seg } from '../api-client.ts';

export interface ResourceServerView {
  id: string;
  name: string;
  identifier: string;
  is_system: boolean;
  scopes: { value: string; description: string }[];
  token_lifetime: number;
  token_lifetime_for_web: number;
  allow_offline_access: boolean;
}

const systemBadge = (rs: ResourceServerView) => (rs.is_system ? html`<span class="badge">System</span>` : html``);

export function apiListPage(i: { base: string; apis: ResourceServerView[]; notice?: string }): SafeHtml {
  return html`${pageHead('APIs', { lead: 'Audiences your applications request access tokens for, and the scopes they define.', action: html`<a class="btn" href="${i.base}/apis/new">Create API</a>` })}
${notice(i.notice)}
<div class="table-wrap"><table>
<caption class="visually-hidden">APIs</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Identifier (audience)</th><th scope="col">Scopes</th><th scope="col">Token lifetime</th></tr></thead>
<tbody>${i.apis.map(
    (rs) => html`<tr>
<td><a class="name-link" href="${i.base}/apis/${seg(rs.id)}">${rs.name}</a><span class="badges">${systemBadge(rs)}</span></td>
<td><span class="code">${rs.identifier}</span></td>
<td>${rs.scopes.length}</td>
<td>${rs.token_lifetime} s</td>
</tr>`,
  )}</tbody>
</table></div>`;
}

export function newApiPage(i: { base: string; csrf: string; values: Record<string, string>; errors: Errors; alert?: string; firstError?: string }): SafeHtml {
  return html`${pageHead('Create API', { crumbs: [{ label: 'APIs', href: `${i.base}/apis` }] })}
${formAlert(i.alert, i.firstError)}
<form method="post" action="${i.base}/apis/new" novalidate>
${csrfInput(i.csrf)}
<section class="panel">
${inputField({ name: 'name', label: 'Name', value: i.values.name, errors: i.errors, required: true, hint: 'A friendly name, e.g. "Contacts API".' })}
${inputField({ name: 'identifier', label: 'Identifier', value: i.values.identifier, errors: i.errors, required: true, hint: 'The audience applications ask for, e.g. https://contacts.example.com/. It cannot be changed later.' })}
</section>
<div class="actions"><button class="btn" type="submit">Create</button><a class="btn secondary" href="${i.base}/apis">Cancel</a></div>
</form>`;
}

export interface ApiValues {
  name: string;
  token_lifetime: string;
  allow_offline_access: boolean;
  scopes: { value: string; description: string }[];
}

export const apiValues = (rs: ResourceServerView): ApiValues => ({
  name: rs.name,
  token_lifetime: String(rs.token_lifetime),
  allow_offline_access: rs.allow_offline_access,
  scopes: rs.scopes,
});

/** Empty rows to add scopes without JavaScript. */
const BLANK_ROWS = 3;

function scopeRows(values: ApiValues, errors: Errors): SafeHtml {
  const rows = [...values.scopes, ...Array.from({ length: BLANK_ROWS }, () => ({ value: '', description: '' }))];
  const error = errors.scopes;
  return html`<fieldset id="scopes"${error ? html` aria-describedby="scopes-error"` : ''}>
<legend>Scopes</legend>
<p class="hint">Permissions applications can request. Clear a value to remove its scope; fill an empty row to add one.</p>
<div class="table-wrap scopes-table"><table>
<thead><tr><th scope="col">#</th><th scope="col">Value</th><th scope="col">Description</th></tr></thead>
<tbody>${rows.map(
    (s, n) => html`<tr><td class="muted">${n + 1}</td>
<td><label class="visually-hidden" for="scope-value-${n}">Scope ${n + 1} value</label><input type="text" id="scope-value-${n}" name="scope_value" value="${s.value}" placeholder="read:contacts" spellcheck="false"></td>
<td><label class="visually-hidden" for="scope-description-${n}">Scope ${n + 1} description</label><input type="text" id="scope-description-${n}" name="scope_description" value="${s.description}" placeholder="Read your contacts"></td></tr>`,
  )}</tbody>
</table></div>
${error ? html`<p class="error" id="scopes-error">${error}</p>` : ''}
</fieldset>`;
}

function systemScopes(rs: ResourceServerView): SafeHtml {
  return html`<h3 class="label">Scopes</h3>
<div class="table-wrap"><table><thead><tr><th scope="col">Value</th><th scope="col">Description</th></tr></thead>
<tbody>${rs.scopes.map((s) => html`<tr><td><span class="code">${s.value}</span></td><td>${s.description}</td></tr>`)}</tbody></table></div>`;
}

export interface ApiPageInput {
  base: string;
  csrf: string;
  api: ResourceServerView;
  values: ApiValues;
  errors: Errors;
  alert?: string;
  firstError?: string;
  notice?: string;
  /** the access policy and third-party access panels */
  access?: SafeHtml;
}

export function apiPage(i: ApiPageInput): SafeHtml {
  const rs = i.api;
  const href = `${i.base}/apis/${seg(rs.id)}`;
  const lifetime = inputField({
    name: 'token_lifetime',
    label: 'Token lifetime (seconds)',
    type: 'number',
    value: i.values.token_lifetime,
    errors: i.errors,
    hint: 'How long access tokens for this API stay valid; at most 2592000 (30 days).',
    extra: html` min="1" step="1"`,
  });
  const editable = rs.is_system
    ? html`<p class="hint">This is the tenant’s own Management API. Only its token lifetime can be changed.</p>${lifetime}`
    : html`${inputField({ name: 'name', label: 'Name', value: i.values.name, errors: i.errors, required: true })}
${lifetime}
<div class="field"><label class="check" for="allow_offline_access"><input type="checkbox" id="allow_offline_access" name="allow_offline_access" value="on"${i.values.allow_offline_access ? html` checked` : ''}><span><span class="label">Allow offline access</span><span class="desc">Applications may get refresh tokens for this API (scope offline_access).</span></span></label></div>
${scopeRows(i.values, i.errors)}`;
  return html`${pageHead(rs.name, { crumbs: [{ label: 'APIs', href: `${i.base}/apis` }], badges: systemBadge(rs), lead: html`Identifier <span class="code">${rs.identifier}</span>` })}
${notice(i.notice)}${formAlert(i.alert, i.firstError)}
<form method="post" action="${href}" novalidate>
${csrfInput(i.csrf)}
<section class="panel" aria-labelledby="api-settings-heading">
<div class="panel-head"><h2 id="api-settings-heading">Settings</h2><p>Saved together: if one value is refused, nothing changes.</p></div>
${editable}
</section>
<div class="actions"><button class="btn" type="submit">Save changes</button></div>
</form>
${i.access ?? ''}
${rs.is_system ? html`<section class="panel">${systemScopes(rs)}</section>` : html`<section class="panel danger" aria-labelledby="danger-heading"><div class="panel-head"><h2 id="danger-heading">Delete this API</h2><p>Access tokens can no longer be issued for it, and the grants of applications to it are removed.</p></div><a class="btn danger-outline" href="${href}/delete">Delete API</a></section>`}`;
}
