// Settings > Registration tokens: initial access tokens (RFC 7591 §3) that let a chosen party
// register applications; the list with uses and expiry, the create form, the token shown once.
import { html, SafeHtml } from '../../web/html.ts';
import { csrfInput, formAlert, inputField, notice, pageHead, selectField, time, type Errors } from '../components.ts';
import { seg } from '../api-client.ts';
import { settingsTabs } from './settings.ts';

export interface InitialAccessTokenView {
  id: string;
  note: string;
  expires_at: string;
  max_uses: number;
  uses: number;
  created_at: string;
}

export const EXPIRY_OPTIONS = [
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
  { value: '2592000', label: '30 days' },
  { value: '31536000', label: '1 year' },
] as const;

export interface TokensPageInput {
  base: string;
  csrf: string;
  nonce: string;
  tokens: InitialAccessTokenView[];
  /** the create form's fields */
  values: Record<string, string>;
  errors: Errors;
  alert?: string;
  firstError?: string;
  notice?: string;
  /** a token just created: its only showing */
  created?: { id: string; token: string };
  requiredByPolicy: boolean;
}

function status(t: InitialAccessTokenView): SafeHtml {
  if (Date.parse(t.expires_at) <= Date.now()) return html`<span class="badge bad">Expired</span>`;
  if (t.uses >= t.max_uses) return html`<span class="badge">Used up</span>`;
  return html`<span class="badge ok">Active</span>`;
}

const COPY_SCRIPT = `document.querySelectorAll('[data-copy]').forEach(function (b) {
  b.addEventListener('click', function () {
    var field = document.getElementById(b.getAttribute('data-copy'));
    field.select();
    var done = function () { b.textContent = 'Copied'; };
    if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand('copy'); done(); });
    else { document.execCommand('copy'); done(); }
  });
});`;

function createdPanel(i: TokensPageInput): SafeHtml {
  if (!i.created) return html``;
  return html`<section class="panel" aria-labelledby="created-heading">
<div class="panel-head"><h2 id="created-heading">Token created</h2><p>Copy it now: it is shown only this once. Give it to the party that will register, to send as <span class="code">Authorization: Bearer …</span> on <span class="code">POST /oidc/register</span>.</p></div>
<div class="field">
<label for="created-token">Initial access token (${i.created.id})</label>
<div class="copy-row"><input id="created-token" type="text" readonly value="${i.created.token}" spellcheck="false" autocomplete="off"> <button class="btn secondary" type="button" data-copy="created-token">Copy</button></div>
</div>
<script nonce="${i.nonce}">${new SafeHtml(COPY_SCRIPT)}</script>
</section>`;
}

function list(i: TokensPageInput): SafeHtml {
  if (!i.tokens.length) return html`<p class="hint">No registration tokens yet.</p>`;
  return html`<div class="table-wrap"><table>
<caption class="visually-hidden">Registration tokens</caption>
<thead><tr><th scope="col">Token</th><th scope="col">Status</th><th scope="col">Uses</th><th scope="col">Expires</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${i.tokens.map(
    (t) => html`<tr>
<td><span class="code">${t.id}</span>${t.note ? html`<span class="sub">${t.note}</span>` : ''}</td>
<td>${status(t)}</td>
<td>${t.uses} of ${t.max_uses}</td>
<td>${time(t.expires_at)}</td>
<td>${time(t.created_at)}</td>
<td><a class="btn danger-outline" href="${i.base}/settings/registration-tokens/${seg(t.id)}/revoke">Revoke<span class="visually-hidden"> ${t.id}</span></a></td>
</tr>`,
  )}</tbody>
</table></div>`;
}

export function initialAccessTokensPage(i: TokensPageInput): SafeHtml {
  const v = i.values;
  return html`${pageHead('Settings', { lead: 'How this tenant presents itself and what it issues by default.' })}
${settingsTabs(i.base, 'registration-tokens')}
${notice(i.notice)}${formAlert(i.alert, i.firstError)}
${createdPanel(i)}
<section class="panel" aria-labelledby="tokens-heading">
<div class="panel-head"><h2 id="tokens-heading">Registration tokens</h2><p>Initial access tokens (RFC 7591 §3) let a party you choose register applications at <span class="code">POST /oidc/register</span>. ${
    i.requiredByPolicy
      ? 'This tenant requires one for every registration.'
      : html`Registration is open without one; to require one, use the registration policy under <a href="${i.base}/settings/advanced">Advanced</a>.`
  }</p></div>
${list(i)}
</section>
<form method="post" action="${i.base}/settings/registration-tokens" novalidate>
${csrfInput(i.csrf)}
<section class="panel" aria-labelledby="new-token-heading">
<div class="panel-head"><h2 id="new-token-heading">Create a registration token</h2><p>The token is shown once, right after it is created. Only its hash is stored.</p></div>
<div class="grid-2">
${selectField({ name: 'expires_in', label: 'Expires after', value: v.expires_in ?? '86400', errors: i.errors, options: EXPIRY_OPTIONS })}
${inputField({ name: 'max_uses', label: 'Registrations allowed', type: 'number', value: v.max_uses ?? '1', errors: i.errors, hint: 'How many applications it may register, 1 to 1,000,000.', extra: html` min="1" step="1" inputmode="numeric"` })}
</div>
${inputField({ name: 'note', label: 'Note', value: v.note ?? '', errors: i.errors, hint: 'What it is for, e.g. who you gave it to. Seen only here.', extra: html` maxlength="255"` })}
</section>
<div class="actions"><button class="btn" type="submit">Create token</button></div>
</form>`;
}
