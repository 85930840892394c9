// A user's Roles and Permissions tabs: what they hold, assigned and removed here.
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfInput, notice, pageHead } from '../components.ts';
import { seg } from '../api-client.ts';
import { addPermissionForm, permissionTable, type PermissionOption, type PermissionView, type RoleView } from './roles.ts';

export interface UserSummary {
  user_id: string;
  email: string;
  name: string;
}

/** The tabs of a user's pages: Details (profile and authorized applications), Roles, Permissions. */
export function userTabs(base: string, userId: string, tab: 'details' | 'roles' | 'permissions'): SafeHtml {
  const href = `${base}/users/${seg(userId)}`;
  const link = (t: typeof tab, label: string) =>
    html`<a href="${t === 'details' ? href : `${href}/${t}`}"${t === tab ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="tabs" aria-label="User">${link('details', 'Details')}${link('roles', 'Roles')}${link('permissions', 'Permissions')}</nav>`;
}

function head(base: string, user: UserSummary, tab: 'roles' | 'permissions'): SafeHtml {
  return html`${pageHead(user.email, { crumbs: [{ label: 'Users', href: `${base}/users` }], lead: html`<span class="code">${user.user_id}</span>` })}
${userTabs(base, user.user_id, tab)}`;
}

export function userRolesPage(i: { base: string; csrf: string; user: UserSummary; roles: RoleView[]; allRoles: RoleView[]; notice?: string }): SafeHtml {
  const href = `${i.base}/users/${seg(i.user.user_id)}/roles`;
  const held = new Set(i.roles.map((r) => r.id));
  const left = i.allRoles.filter((r) => !held.has(r.id));
  const assign = left.length
    ? html`<form class="toolbar" method="post" action="${href}/add">${csrfInput(i.csrf)}
<div class="field"><label for="role">Role to assign</label><select id="role" name="role">${left.map((r) => html`<option value="${r.id}">${r.name}</option>`)}</select></div>
<button class="btn" type="submit">Assign role</button></form>`
    : html`<p class="hint">${i.allRoles.length ? 'The user has every role.' : html`No roles yet. <a href="${i.base}/roles/new">Create a role</a> first.`}</p>`;
  const table = i.roles.length
    ? html`<div class="table-wrap"><table>
<caption class="visually-hidden">Roles of the user</caption>
<thead><tr><th scope="col">Role</th><th scope="col">Description</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${i.roles.map(
        (
          r,
        ) => html`<tr><td><a class="name-link" href="${i.base}/roles/${seg(r.id)}">${r.name}</a></td><td>${r.description || html`<span class="muted">—</span>`}</td>
<td class="actions-cell"><form method="post" action="${href}/remove">${csrfInput(i.csrf)}<input type="hidden" name="role" value="${r.id}"><button class="btn small danger-outline" type="submit" aria-label="Remove role ${r.name}">Remove</button></form></td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="empty">No roles assigned.</p>`;
  return html`${head(i.base, i.user, 'roles')}
${notice(i.notice)}
<section class="panel" aria-labelledby="roles-heading"><div class="panel-head"><h2 id="roles-heading">Roles</h2><p>The user holds every permission of these roles.</p></div>
${assign}
${table}
</section>`;
}

export function userPermissionsPage(i: {
  base: string;
  csrf: string;
  user: UserSummary;
  permissions: (PermissionView & { sources: { source_type: string; source_name: string }[] })[];
  options: PermissionOption[];
  notice?: string;
}): SafeHtml {
  const href = `${i.base}/users/${seg(i.user.user_id)}/permissions`;
  const direct = i.permissions.filter((p) => p.sources.some((s) => s.source_type === 'DIRECT'));
  return html`${head(i.base, i.user, 'permissions')}
${notice(i.notice)}
<section class="panel" aria-labelledby="permissions-heading"><div class="panel-head"><h2 id="permissions-heading">Permissions</h2><p>Given directly or through roles. Only direct ones are removed here; the others go with their role.</p></div>
${addPermissionForm({ action: `${href}/add`, csrf: i.csrf, options: i.options, held: direct, label: 'Permission to give directly' })}
${permissionTable({
  action: `${href}/remove`,
  csrf: i.csrf,
  permissions: i.permissions,
  removable: (p) => (p.sources ?? []).some((s) => s.source_type === 'DIRECT'),
  empty: 'The user holds no permissions.',
})}
</section>`;
}
