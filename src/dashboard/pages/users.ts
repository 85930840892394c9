// Users of the tenant's database connection: list and search, create, block, delete.
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfInput, formAlert, inputField, notice, pageHead, pager, time, type Errors, type PageInfo } from '../components.ts';
import { seg } from '../api-client.ts';

export interface UserView {
  user_id: string;
  email: string;
  name: string;
  blocked: boolean;
  logins_count: number;
  last_login?: string;
  created_at: string;
}

function row(base: string, csrf: string, u: UserView, returnTo: string): SafeHtml {
  const href = `${base}/users/${seg(u.user_id)}`;
  return html`<tr>
<td><a href="${href}"><strong>${u.email}</strong></a>${u.name !== u.email ? html`<span class="sub">${u.name}</span>` : ''}<span class="sub">${u.user_id}</span></td>
<td>${u.blocked ? html`<span class="badge bad">Blocked</span>` : html`<span class="badge ok">Active</span>`}</td>
<td>${u.logins_count}</td>
<td>${time(u.last_login)}</td>
<td>${time(u.created_at)}</td>
<td class="actions-cell">
<form method="post" action="${href}/block">${csrfInput(csrf)}<input type="hidden" name="blocked" value="${u.blocked ? 'false' : 'true'}"><input type="hidden" name="return_to" value="${returnTo}"><button class="btn small secondary" type="submit" aria-label="${u.blocked ? 'Unblock' : 'Block'} ${u.email}">${u.blocked ? 'Unblock' : 'Block'}</button></form>
<a class="btn small secondary" href="${href}/roles" aria-label="Roles and permissions of ${u.email}">Roles</a>
<a class="btn small danger-outline" href="${href}/delete" aria-label="Delete ${u.email}">Delete</a>
</td>
</tr>`;
}

export interface UserListInput {
  base: string;
  csrf: string;
  users: UserView[];
  q: string;
  page: PageInfo;
  /** this page's URL, to come back to after blocking */
  self: string;
  notice?: string;
}

export function userListPage(i: UserListInput): SafeHtml {
  const table = i.users.length
    ? html`<div class="table-wrap"><table>
<caption class="visually-hidden">Users</caption>
<thead><tr><th scope="col">User</th><th scope="col">Status</th><th scope="col">Logins</th><th scope="col">Last login</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${i.users.map((u) => row(i.base, i.csrf, u, i.self))}</tbody>
</table></div>`
    : html`<div class="table-wrap"><p class="empty">${i.q ? html`No user matches “${i.q}”.` : 'No users yet.'}</p></div>`;
  return html`${pageHead('Users', { lead: 'People who sign in with an email and password to this tenant’s applications.', action: html`<a class="btn" href="${i.base}/users/new">Create user</a>` })}
${notice(i.notice)}
<form class="toolbar" method="get" action="${i.base}/users" role="search">
<div class="field"><label for="q">Search by email</label><input id="q" name="q" type="search" value="${i.q}"></div>
<button class="btn secondary" type="submit">Search</button>${i.q ? html`<a class="btn secondary" href="${i.base}/users">Clear</a>` : ''}
</form>
${table}
${pager(i.page)}`;
}

export function newUserPage(i: { base: string; csrf: string; values: Record<string, string>; errors: Errors; alert?: string; firstError?: string }): SafeHtml {
  return html`${pageHead('Create user', { crumbs: [{ label: 'Users', href: `${i.base}/users` }] })}
${formAlert(i.alert, i.firstError)}
<form method="post" action="${i.base}/users/new" novalidate>
${csrfInput(i.csrf)}
<section class="panel">
${inputField({ name: 'email', label: 'Email', type: 'email', value: i.values.email, errors: i.errors, required: true, autocomplete: 'off' })}
${inputField({ name: 'password', label: 'Password', type: 'password', errors: i.errors, required: true, autocomplete: 'new-password', hint: 'At least 8 characters. Give it to the user through a safe channel.' })}
</section>
<div class="actions"><button class="btn" type="submit">Create</button><a class="btn secondary" href="${i.base}/users">Cancel</a></div>
</form>`;
}
