// /u/apps: the apps a signed-in user has authorized, each with a Revoke button.
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { appMark } from './branding.ts';
import type { AuthorizedApp } from '../authorized-apps.ts';

export interface AppsPageInput {
  tenantName: string;
  userEmail: string;
  apps: AuthorizedApp[];
  /** the name of the app whose access was just removed */
  revoked?: string;
  csrf: string;
  nonce: string;
}

const day = (d: Date) => html`<time datetime="${d.toISOString()}">${d.toISOString().slice(0, 10)}</time>`;

/** Who stands behind the app: what the user can check, apart from the name the app chose. */
function origin(app: AuthorizedApp): SafeHtml | string {
  if (app.verifiedDomain !== undefined)
    return html`<p class="origin"><span class="verified">&#10003; Verified domain</span> <strong>${app.verifiedDomain}</strong></p>`;
  if (app.selfRegistered) return html`<p class="origin">Registered itself</p>`;
  return '';
}

function appEntry(app: AuthorizedApp, csrf: string): SafeHtml {
  return html`<li class="app" data-client-id="${app.clientId}">
<div class="app-head">${appMark(app)}<div><h2>${app.name}</h2>${origin(app)}</div></div>
${app.apis.map(
  (api) => html`<p class="api">${api.name ?? 'Sign-in'}</p>
<ul class="scopes" aria-label="${app.name}: ${api.name ?? 'sign-in'} permissions">
${api.scopes.map((s) => html`<li><span class="check" aria-hidden="true">&#10003;</span><div><div class="name">${s.description}</div><div class="desc">${s.name}</div></div></li>`)}
</ul>`,
)}
<dl class="dates"><div><dt>Authorized</dt><dd>${day(app.grantedAt)}</dd></div><div><dt>Last used</dt><dd>${app.lastUsedAt ? day(app.lastUsedAt) : 'Never'}</dd></div></dl>
<form method="post" action="/u/apps/revoke">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="client_id" value="${app.clientId}">
<button class="button danger" type="submit" aria-label="Revoke access for ${app.name}">Revoke access</button>
</form>
</li>`;
}

export function appsPage(i: AppsPageInput): SafeHtml {
  const body = html`<div class="brand">
<h1>Your authorized apps</h1>
<p class="lead">Apps that can use your <strong>${i.tenantName}</strong> account <strong>${i.userEmail}</strong>. Revoking one signs it out: it must ask you again.</p>
${i.revoked !== undefined ? html`<p class="notice" role="status" id="revoked">${i.revoked} no longer has access to your account.</p>` : ''}
</div>
${i.apps.length ? html`<ul class="apps">${i.apps.map((app) => appEntry(app, i.csrf))}</ul>` : html`<p class="note" id="no-apps">You have not authorized any apps.</p>`}`;
  return page({ title: 'Your authorized apps', tenantName: i.tenantName, body, nonce: i.nonce, wide: true });
}
