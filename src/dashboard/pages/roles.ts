// Roles (RBAC): the list, the create form, and one role's settings and permissions.
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfInput, formAlert, inputField, notice, pageHead, pager, type Errors, type PageInfo } from '../components.ts';
import { seg } from '../api-client.ts';

export interface RoleView {
  id: string;
  name: string;
  description: string;
}

export interface PermissionView {
  resource_server_identifier: string;
  resource_server_name: string;
  permission_name: string;
  description: string;
}

/** A permission a form can offer: one scope of one API. */
export interface PermissionOption {
  identifier: string;
  apiName: string;
  scope: string;
  description: string;
}

/** The option's form value: scopes hold no spaces, so the first space splits it back. */
export const permissionValue = (o: Pick<PermissionOption, 'identifier' | 'scope'>): string => `${o.scope} ${o.identifier}`;

export function parsePermissionValue(value: string): { resource_server_identifier: string; permission_name: string } | undefined {
  const space = value.indexOf(' ');
  if (space < 1 || space === value.length - 1) return undefined;
  return { permission_name: value.slice(0, space), resource_server_identifier: value.slice(space + 1) };
}

/** A select of the permissions not held yet, grouped by API, and its Add button. */
export function addPermissionForm(i: { action: string; csrf: string; options: PermissionOption[]; held: readonly PermissionView[]; label: string }): SafeHtml {
  const held = new Set(i.held.map((p) => permissionValue({ identifier: p.resource_server_identifier, scope: p.permission_name })));
  const left = i.options.filter((o) => !held.has(permissionValue(o)));
  if (!left.length) return html`<p class="hint">Every scope of every API is already here. Define scopes on an API’s page to offer more.</p>`;
  const apis = [...new Set(left.map((o) => o.identifier))];
  return html`<form class="toolbar" method="post" action="${i.action}">
${csrfInput(i.csrf)}
<div class="field"><label for="permission">${i.label}</label><select id="permission" name="permission">${apis.map(
    (identifier) =>
      html`<optgroup label="${left.find((o) => o.identifier === identifier)!.apiName}">${left
        .filter((o) => o.identifier === identifier)
        .map((o) => html`<option value="${permissionValue(o)}">${o.scope}${o.description ? ` — ${o.description}` : ''}</option>`)}</optgroup>`,
  )}</select></div>
<button class="btn" type="submit">Add permission</button>
</form>`;
}

/** The permissions table; `removable` says which rows get a Remove button. */
export function permissionTable(i: {
  action: string;
  csrf: string;
  permissions: readonly (PermissionView & { sources?: { source_type: string; source_name: string }[] })[];
  removable: (p: PermissionView & { sources?: { source_type: string }[] }) => boolean;
  empty: string;
}): SafeHtml {
  if (!i.permissions.length) return html`<p class="empty">${i.empty}</p>`;
  const withSources = i.permissions.some((p) => p.sources);
  return html`<div class="table-wrap"><table>
<caption class="visually-hidden">Permissions</caption>
<thead><tr><th scope="col">Permission</th><th scope="col">API</th>${withSources ? html`<th scope="col">Assigned</th>` : ''}<th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${i.permissions.map(
    (p) => html`<tr>
<td><span class="code">${p.permission_name}</span>${p.description ? html`<span class="sub">${p.description}</span>` : ''}</td>
<td>${p.resource_server_name}<span class="sub">${p.resource_server_identifier}</span></td>
${withSources ? html`<td>${(p.sources ?? []).map((s) => html`<span class="badge">${s.source_type === 'DIRECT' ? 'Directly' : `Role ${s.source_name}`}</span> `)}</td>` : ''}
<td class="actions-cell">${
      i.removable(p)
        ? html`<form method="post" action="${i.action}">${csrfInput(i.csrf)}<input type="hidden" name="permission" value="${permissionValue({ identifier: p.resource_server_identifier, scope: p.permission_name })}"><button class="btn small danger-outline" type="submit" aria-label="Remove ${p.permission_name}">Remove</button></form>`
        : ''
    }</td>
</tr>`,
  )}</tbody>
</table></div>`;
}

export function roleListPage(i: { base: string; roles: RoleView[]; page: PageInfo; notice?: string }): SafeHtml {
  const table = i.roles.length
    ? html`<div class="table-wrap"><table>
<caption class="visually-hidden">Roles</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Description</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${i.roles.map(
        (r) => html`<tr>
<td><a class="name-link" href="${i.base}/roles/${seg(r.id)}">${r.name}</a><span class="sub">${r.id}</span></td>
<td>${r.description || html`<span class="muted">—</span>`}</td>
<td class="actions-cell"><a class="btn small danger-outline" href="${i.base}/roles/${seg(r.id)}/delete" aria-label="Delete ${r.name}">Delete</a></td>
</tr>`,
      )}</tbody>
</table></div>`
    : html`<div class="table-wrap"><p class="empty">No roles yet.</p></div>`;
  return html`${pageHead('Roles', {
    lead: 'Sets of API permissions given to users. On an API that enforces them, tokens carry only the permissions a user holds.',
    action: html`<a class="btn" href="${i.base}/roles/new">Create role</a>`,
  })}
${notice(i.notice)}
${table}
${pager(i.page)}`;
}

function roleFields(values: Record<string, string>, errors: Errors): SafeHtml {
  return html`${inputField({ name: 'name', label: 'Name', value: values.name, errors, required: true, hint: 'e.g. "Order clerk". Names are unique in the tenant.' })}
${inputField({ name: 'description', label: 'Description', value: values.description, errors })}`;
}

export function newRolePage(i: { base: string; csrf: string; values: Record<string, string>; errors: Errors; alert?: string; firstError?: string }): SafeHtml {
  return html`${pageHead('Create role', { crumbs: [{ label: 'Roles', href: `${i.base}/roles` }] })}
${formAlert(i.alert, i.firstError)}
<form method="post" action="${i.base}/roles/new" novalidate>
${csrfInput(i.csrf)}
<section class="panel">${roleFields(i.values, i.errors)}</section>
<div class="actions"><button class="btn" type="submit">Create</button><a class="btn secondary" href="${i.base}/roles">Cancel</a></div>
</form>`;
}

export interface RolePageInput {
  base: string;
  csrf: string;
  role: RoleView;
  values: Record<string, string>;
  errors: Errors;
  permissions: PermissionView[];
  options: PermissionOption[];
  alert?: string;
  firstError?: string;
  notice?: string;
}

export function rolePage(i: RolePageInput): SafeHtml {
  const href = `${i.base}/roles/${seg(i.role.id)}`;
  return html`${pageHead(i.role.name, { crumbs: [{ label: 'Roles', href: `${i.base}/roles` }], lead: html`Role <span class="code">${i.role.id}</span>` })}
${notice(i.notice)}${formAlert(i.alert, i.firstError)}
<form method="post" action="${href}" novalidate>
${csrfInput(i.csrf)}
<section class="panel" aria-labelledby="role-settings-heading">
<div class="panel-head"><h2 id="role-settings-heading">Settings</h2></div>
${roleFields(i.values, i.errors)}
</section>
<div class="actions"><button class="btn" type="submit">Save changes</button></div>
</form>
<section class="panel" aria-labelledby="role-permissions-heading">
<div class="panel-head"><h2 id="role-permissions-heading">Permissions</h2><p>Every user with this role holds these permissions.</p></div>
${addPermissionForm({ action: `${href}/permissions/add`, csrf: i.csrf, options: i.options, held: i.permissions, label: 'Permission to add' })}
${permissionTable({ action: `${href}/permissions/remove`, csrf: i.csrf, permissions: i.permissions, removable: () => true, empty: 'This role has no permissions yet.' })}
</section>
<section class="panel danger" aria-labelledby="danger-heading"><div class="panel-head"><h2 id="danger-heading">Delete this role</h2><p>Its users lose the permissions it gave them.</p></div><a class="btn danger-outline" href="${href}/delete">Delete role</a></section>`;
}
