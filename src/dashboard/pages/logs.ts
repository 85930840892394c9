// Registration log: every POST /oidc/register, accepted or refused, newest first.
import { html, type SafeHtml } from '../../web/html.ts';
import { pageHead, pager, time, type PageInfo } from '../components.ts';
import { seg } from '../api-client.ts';

export interface LogView {
  log_id: string;
  date: string;
  type: string;
  description: string;
  ip?: string;
  user_agent?: string;
  client_id?: string;
  client_name?: string;
  user_id?: string;
  user_name?: string;
  details: Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function outcome(base: string, e: LogView): SafeHtml {
  if (e.type === 'dcr_success') {
    const name = str(e.details.client_name) ?? e.client_id ?? '';
    return e.client_id
      ? html`<a class="name-link" href="${base}/applications/${seg(e.client_id)}">${name}</a><span class="sub"><span class="code">${e.client_id}</span></span>`
      : html`${name}`;
  }
  const error = str(e.details.error) ?? 'refused';
  const description = str(e.details.error_description);
  return html`<span class="code">${error}</span>${description ? html`<span class="sub">${description}</span>` : ''}`;
}

export function registrationLogPage(i: { base: string; entries: LogView[]; page: PageInfo }): SafeHtml {
  const table = i.entries.length
    ? html`<div class="table-wrap"><table>
<caption class="visually-hidden">Registrations</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Result</th><th scope="col">IP address</th><th scope="col">User agent</th><th scope="col">Application or error</th></tr></thead>
<tbody>${i.entries.map(
        (e) => html`<tr>
<td class="nowrap">${time(e.date)}</td>
<td>${e.type === 'dcr_success' ? html`<span class="badge ok">Accepted</span>` : html`<span class="badge bad">Refused</span>`}</td>
<td>${e.ip ?? '—'}</td>
<td class="ua">${e.user_agent || '—'}</td>
<td>${outcome(i.base, e)}</td>
</tr>`,
      )}</tbody>
</table></div>`
    : html`<div class="table-wrap"><p class="empty">No registrations yet. Turn registration on under <a href="${i.base}/settings/advanced">Settings › Advanced</a>.</p></div>`;
  return html`${pageHead('Registration log', { lead: html`Every call to <span class="code">POST /oidc/register</span>, accepted or refused, newest first.` })}
${table}
${pager(i.page)}`;
}
