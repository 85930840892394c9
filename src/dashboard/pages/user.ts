// One user: who they are, and the applications they authorized (Auth0 user grants), each
// revocable after a confirmation page.
import { html, type SafeHtml } from '../../web/html.ts';
import { notice, pageHead, time } from '../components.ts';
import { seg } from '../api-client.ts';
import type { UserView } from './users.ts';
import { userTabs } from './user-access.ts';

/** A grant from GET /api/v2/grants, with the names the page shows. */
export interface UserGrantRow {
  id: string;
  clientID: string;
  appName: string;
  audience: string;
  /** the API's name; undefined for sign-in without an API (the /userinfo audience) */
  apiName?: string;
  scope: string[];
}

function grantRow(base: string, user: UserView, g: UserGrantRow): SafeHtml {
  return html`<tr>
<td><a href="${base}/applications/${seg(g.clientID)}"><strong>${g.appName}</strong></a><span class="sub">${g.clientID}</span></td>
<td>${g.apiName !== undefined ? html`${g.apiName}<span class="sub">${g.audience}</span>` : html`Sign-in only<span class="sub">${g.audience}</span>`}</td>
<td>${g.scope.map((s) => html`<span class="code">${s}</span> `)}</td>
<td class="actions-cell"><a class="btn small danger-outline" href="${base}/users/${seg(user.user_id)}/grants/${seg(g.id)}/revoke" aria-label="Revoke ${g.appName}">Revoke</a></td>
</tr>`;
}

export function userPage(i: { base: string; user: UserView; grants: UserGrantRow[]; notice?: string }): SafeHtml {
  const u = i.user;
  const grants = i.grants.length
    ? html`<div class="table-wrap"><table id="user-grants">
<caption class="visually-hidden">Authorized applications</caption>
<thead><tr><th scope="col">Application</th><th scope="col">API</th><th scope="col">Scopes</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${i.grants.map((g) => grantRow(i.base, u, g))}</tbody>
</table></div>`
    : html`<div class="table-wrap"><p class="empty" id="no-grants">This user has not authorized any application.</p></div>`;
  return html`${pageHead(u.email, { crumbs: [{ label: 'Users', href: `${i.base}/users` }] })}
${userTabs(i.base, u.user_id, 'details')}
${notice(i.notice)}
<section class="panel" aria-labelledby="profile-heading">
<div class="panel-head"><h2 id="profile-heading">Profile</h2></div>
<dl class="kv">
<dt>User ID</dt><dd><span class="code">${u.user_id}</span></dd>
<dt>Name</dt><dd>${u.name}</dd>
<dt>Status</dt><dd>${u.blocked ? html`<span class="badge bad">Blocked</span>` : html`<span class="badge ok">Active</span>`}</dd>
<dt>Logins</dt><dd>${u.logins_count}</dd>
<dt>Last login</dt><dd>${time(u.last_login)}</dd>
<dt>Created</dt><dd>${time(u.created_at)}</dd>
</dl>
</section>
<section class="panel" aria-labelledby="grants-heading">
<div class="panel-head"><h2 id="grants-heading">Authorized applications</h2><p>The consents this user gave. Revoking one also revokes the refresh tokens the application holds for this user under it; the application must ask for consent again.</p></div>
${grants}
</section>`;
}
