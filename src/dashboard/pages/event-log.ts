// Logs: every tenant log event, newest first, filterable by type, user, application and date
// (a GET form: the filters are in the URL, so a filtered view can be bookmarked or shared).
import { html, type SafeHtml } from '../../web/html.ts';
import { formAlert, inputField, pageHead, pager, selectField, time, type PageInfo } from '../components.ts';
import type { LogView } from './logs.ts';

export interface LogFilters {
  type: string;
  user: string;
  client: string;
  from: string;
  to: string;
}

/** Auth0's event types, grouped as the filter offers them; the value is the `q` type term. */
export const TYPE_FILTERS: readonly { value: string; label: string; types: readonly string[] }[] = [
  { value: 'sign-ins', label: 'Successful sign-ins (s)', types: ['s'] },
  { value: 'failed-sign-ins', label: 'Failed sign-ins (f, fp, fu, limit_wc)', types: ['f', 'fp', 'fu', 'limit_wc'] },
  { value: 'sign-ups', label: 'Sign-ups (ss, fs)', types: ['ss', 'fs'] },
  { value: 'logouts', label: 'Logouts (slo)', types: ['slo'] },
  { value: 'tokens', label: 'Tokens issued (seacft, sertft, seccft)', types: ['seacft', 'sertft', 'seccft'] },
  { value: 'token-failures', label: 'Token failures (feacft, fertft, feccft)', types: ['feacft', 'fertft', 'feccft'] },
  { value: 'management', label: 'Management API writes (sapi, fapi)', types: ['sapi', 'fapi'] },
  { value: 'registrations', label: 'Client registrations (dcr_*)', types: ['dcr_success', 'dcr_failure', 'dcr_update', 'dcr_delete'] },
];

const FAILURES = new Set(['f', 'fp', 'fu', 'limit_wc', 'fs', 'feacft', 'fertft', 'feccft', 'fapi', 'dcr_failure']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function who(primary: string | undefined, id: string | undefined): SafeHtml {
  if (!primary && !id) return html`<span class="muted">—</span>`;
  return html`${primary ?? id}${primary && id && primary !== id ? html`<span class="sub"><span class="code">${id}</span></span>` : ''}`;
}

function row(e: LogView): SafeHtml {
  return html`<tr>
<td class="nowrap">${time(e.date)}</td>
<td><span class="badge ${FAILURES.has(e.type) ? 'bad' : 'ok'}">${e.type}</span><span class="sub">${e.description}</span></td>
<td>${who(e.user_name, e.user_id)}</td>
<td>${who(e.client_name ?? str(e.details.client_name), e.client_id)}</td>
<td>${e.ip ?? '—'}</td>
</tr>`;
}

export function eventLogPage(i: { base: string; filters: LogFilters; entries: LogView[]; page: PageInfo; error?: string }): SafeHtml {
  const f = i.filters;
  const table = i.entries.length
    ? html`<div class="table-wrap"><table>
<caption class="visually-hidden">Log events</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">User</th><th scope="col">Application</th><th scope="col">IP address</th></tr></thead>
<tbody>${i.entries.map(row)}</tbody>
</table></div>`
    : html`<div class="table-wrap"><p class="empty">No events match these filters.</p></div>`;
  return html`${pageHead('Logs', { lead: html`Sign-ins, sign-ups, token exchanges, logouts, Management API writes and registrations, newest first. <a href="${i.base}/logs/registrations">Registration log</a>` })}
${formAlert(i.error)}
<form method="get" action="${i.base}/logs" class="panel filters-panel" aria-label="Filter events">
<div class="filters">
${selectField({ name: 'type', label: 'Event type', value: f.type, options: [{ value: '', label: 'All events' }, ...TYPE_FILTERS] })}
${inputField({ name: 'user', label: 'User ID', value: f.user })}
${inputField({ name: 'client', label: 'Client ID', value: f.client })}
${inputField({ name: 'from', label: 'From', type: 'date', value: f.from })}
${inputField({ name: 'to', label: 'To', type: 'date', value: f.to })}
</div>
<div class="actions"><button class="btn" type="submit">Filter</button> <a class="btn secondary" href="${i.base}/logs">Clear</a></div>
</form>
${table}
${pager(i.page)}`;
}
