// Applications: the list (search, paging, badges) and the form that creates a first-party one.
import { html, type SafeHtml } from '../../web/html.ts';
import { APP_TYPE_LABELS, choiceGroup, csrfInput, formAlert, inputField, notice, pageHead, pager, time, type Errors, type PageInfo } from '../components.ts';
import { seg } from '../api-client.ts';

/** The fields of an API client answer that the pages read. */
export interface ClientView {
  client_id: string;
  client_secret?: string;
  name: string;
  description?: string;
  app_type: string;
  is_first_party: boolean;
  callbacks: string[];
  allowed_logout_urls: string[];
  web_origins: string[];
  grant_types: string[];
  token_endpoint_auth_method: string;
  redirection_policy: string;
  dynamically_registered: boolean;
  registered_at?: string;
  dynamic_registration?: {
    registered_at: string;
    ip: string;
    user_agent: string;
    initial_access_token_id?: string;
    software_statement?: { iss: string; software_id?: string };
  };
  third_party_security_mode?: string;
  registration_metadata?: Record<string, unknown>;
  /** the URL of its Client ID Metadata Document, for an imported application */
  external_client_id?: string;
  created_at: string;
  last_used_at?: string | null;
}

/** A software statement verified when the application registered (RFC 7591 §2.3). */
function verifiedBadge(c: ClientView): SafeHtml | string {
  const iss = c.dynamic_registration?.software_statement?.iss;
  return iss === undefined ? '' : html`<span class="badge ok" title="Registered with a software statement signed by ${iss}">Verified by ${iss}</span>`;
}

export function appBadges(c: ClientView): SafeHtml {
  return html`${c.is_first_party ? '' : html`<span class="badge third-party">Third-party</span>`}${c.dynamically_registered ? html`<span class="badge dynamic">Registered dynamically</span>` : ''}${verifiedBadge(c)}${
    c.external_client_id ? html`<span class="badge cimd" title="Imported from ${c.external_client_id}">Client ID Metadata Document</span>` : ''
  }`;
}

export interface ApplicationListInput {
  base: string;
  clients: ClientView[];
  q: string;
  page: PageInfo;
  notice?: string;
  /** the list shows the dynamically registered applications unused this many days, all selected */
  unusedDays?: number;
}

/** "Last used" as the owner reads it: a date, or Never. */
export function lastUsed(c: Pick<ClientView, 'last_used_at'>): SafeHtml {
  return c.last_used_at ? time(c.last_used_at) : html`<span class="muted">Never</span>`;
}

function row(base: string, c: ClientView, selected: boolean): SafeHtml {
  // Only self-registered applications are offered for deletion in bulk.
  const pick = c.dynamically_registered
    ? html`<input type="checkbox" name="id" value="${c.client_id}" id="pick-${c.client_id}" aria-label="Select ${c.name}"${selected ? html` checked` : ''}>`
    : '';
  return html`<tr>
<td class="pick">${pick}</td>
<td><a class="name-link" href="${base}/applications/${seg(c.client_id)}">${c.name}</a><span class="badges">${appBadges(c)}</span>${
    c.dynamically_registered ? html`<span class="sub">Registered ${time(c.registered_at)}</span>` : ''
  }</td>
<td><span class="code">${c.client_id}</span></td>
<td>${APP_TYPE_LABELS[c.app_type] ?? c.app_type}</td>
<td class="nowrap">${lastUsed(c)}</td>
</tr>`;
}

function staleFilter(i: ApplicationListInput): SafeHtml {
  return html`<form class="toolbar-block" method="get" action="${i.base}/applications" aria-label="Select unused registered applications">
<div class="toolbar">
<div class="field"><label for="unused_days">Registered applications unused for more than (days)</label><input id="unused_days" name="unused_days" type="number" min="0" max="36500" step="1" inputmode="numeric" value="${i.unusedDays === undefined ? '' : String(i.unusedDays)}" aria-describedby="unused-hint"></div>
<button class="btn secondary" type="submit">Select unused</button>${i.unusedDays !== undefined ? html`<a class="btn secondary" href="${i.base}/applications">Show all</a>` : ''}
</div>
<p class="hint" id="unused-hint">0 selects those never used. Only applications that registered themselves are listed.</p>
</form>`;
}

export function applicationListPage(i: ApplicationListInput): SafeHtml {
  const selectAll = i.unusedDays !== undefined;
  const anySelectable = i.clients.some((c) => c.dynamically_registered);
  const empty = selectAll ? html`No registered application has gone unused that long.` : i.q ? html`No application matches “${i.q}”.` : 'No applications yet.';
  const table = i.clients.length
    ? html`<form method="get" action="${i.base}/applications/delete">
<div class="table-wrap"><table>
<caption class="visually-hidden">Applications</caption>
<thead><tr><th scope="col"><span class="visually-hidden">Select</span></th><th scope="col">Name</th><th scope="col">Client ID</th><th scope="col">Type</th><th scope="col">Last used</th></tr></thead>
<tbody>${i.clients.map((c) => row(i.base, c, selectAll))}</tbody>
</table></div>
${anySelectable ? html`<div class="actions"><button class="btn danger-outline" type="submit">Delete selected…</button></div>` : ''}
</form>`
    : html`<div class="table-wrap"><p class="empty">${empty}</p></div>`;
  return html`${pageHead('Applications', { lead: 'Applications that sign users in or call your APIs, including those that registered themselves.', action: html`<a class="btn secondary" href="${i.base}/applications/import">Import from metadata URL</a> <a class="btn" href="${i.base}/applications/new">Create application</a>` })}
${notice(i.notice)}
<form class="toolbar" method="get" action="${i.base}/applications" role="search">
<div class="field"><label for="q">Search by name or client ID</label><input id="q" name="q" type="search" value="${i.q}"></div>
<button class="btn secondary" type="submit">Search</button>${i.q ? html`<a class="btn secondary" href="${i.base}/applications">Clear</a>` : ''}
</form>
${staleFilter(i)}
${table}
${pager(i.page)}`;
}

/** The bulk deletion's confirmation: the chosen applications, and the one dangerous button. */
export function deleteApplicationsPage(i: { base: string; csrf: string; clients: ClientView[] }): SafeHtml {
  const list = `${i.base}/applications`;
  return html`${pageHead(`Delete ${i.clients.length} application${i.clients.length === 1 ? '' : 's'}?`, { crumbs: [{ label: 'Applications', href: list }] })}
<section class="panel danger">
<p>These applications registered themselves. They will be deleted with their API grants, user consents and refresh tokens; their client IDs stop working at once. This cannot be undone.</p>
<div class="table-wrap"><table>
<caption class="visually-hidden">Applications to delete</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Client ID</th><th scope="col">Registered</th><th scope="col">Last used</th></tr></thead>
<tbody>${i.clients.map(
    (c) =>
      html`<tr><td>${c.name}</td><td><span class="code">${c.client_id}</span></td><td class="nowrap">${time(c.registered_at ?? c.created_at)}</td><td class="nowrap">${lastUsed(c)}</td></tr>`,
  )}</tbody>
</table></div>
<form method="post" action="${i.base}/applications/delete">
${csrfInput(i.csrf)}
${i.clients.map((c) => html`<input type="hidden" name="id" value="${c.client_id}">`)}
<div class="actions"><button class="btn danger" type="submit">Delete ${String(i.clients.length)} application${i.clients.length === 1 ? '' : 's'}</button><a class="btn secondary" href="${list}">Cancel</a></div>
</form>
</section>`;
}

export const NEW_APP_TYPES = [
  { value: 'regular_web', label: 'Regular web application', description: 'A server-side app that keeps a secret (authorization code flow).' },
  { value: 'spa', label: 'Single-page application', description: 'Runs in the browser; public client with PKCE.' },
  { value: 'native', label: 'Native', description: 'Mobile or desktop app; public client with PKCE.' },
  { value: 'non_interactive', label: 'Machine to machine', description: 'A service calling your APIs with client credentials.' },
];

export function newApplicationPage(i: {
  base: string;
  csrf: string;
  values: Record<string, string>;
  errors: Errors;
  alert?: string;
  firstError?: string;
}): SafeHtml {
  return html`${pageHead('Create application', { crumbs: [{ label: 'Applications', href: `${i.base}/applications` }], lead: 'A first-party application of this tenant. You set its URLs on the next page.' })}
${formAlert(i.alert, i.firstError)}
<form method="post" action="${i.base}/applications/new" novalidate>
${csrfInput(i.csrf)}
<section class="panel">
${inputField({ name: 'name', label: 'Name', value: i.values.name, errors: i.errors, required: true, hint: 'Shown to users on the login and consent pages.' })}
${choiceGroup({ name: 'app_type', label: 'Application type', type: 'radio', cards: true, checked: [i.values.app_type || 'regular_web'], options: NEW_APP_TYPES, errors: i.errors })}
</section>
<div class="actions"><button class="btn" type="submit">Create</button><a class="btn secondary" href="${i.base}/applications">Cancel</a></div>
</form>`;
}
