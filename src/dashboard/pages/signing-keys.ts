// Settings > Signing keys: the tenant's token signing keys with their state (as Auth0's
// dashboard lists them: current, next, previous, revoked), and the way to rotate and revoke.
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfInput, formAlert, inputField, notice, pageHead, time, type Errors } from '../components.ts';
import { seg } from '../api-client.ts';
import { settingsTabs } from './settings.ts';

/** GET /api/v2/keys/signing, the members shown here. */
export interface SigningKeyView {
  kid: string;
  current: boolean;
  next: boolean;
  previous: boolean;
  revoked: boolean;
  current_since?: string;
  current_until?: string;
  revoked_at?: string;
}

export interface SigningKeysPageInput {
  base: string;
  csrf: string;
  keys: SigningKeyView[];
  /** the scheduled-rotation form: days as typed, or the tenant's setting */
  rotationDays: string;
  errors: Errors;
  alert?: string;
  notice?: string;
}

export function stateOf(k: SigningKeyView): SafeHtml {
  if (k.current) return html`<span class="badge ok">Current</span>`;
  if (k.next) return html`<span class="badge dynamic">Next</span>`;
  if (k.previous) return html`<span class="badge">Previously used</span>`;
  return html`<span class="badge bad">Revoked</span>`;
}

function row(base: string, k: SigningKeyView): SafeHtml {
  const action = k.previous
    ? html`<a class="btn danger-outline" href="${base}/settings/signing-keys/${seg(k.kid)}/revoke">Revoke<span class="visually-hidden"> ${k.kid}</span></a>`
    : html``;
  return html`<tr>
<td><span class="code">${k.kid}</span></td>
<td>${stateOf(k)}</td>
<td>${k.current_since ? time(k.current_since) : '—'}</td>
<td>${k.current_until ? time(k.current_until) : '—'}</td>
<td>${k.revoked_at ? time(k.revoked_at) : '—'}</td>
<td>${action}</td>
</tr>`;
}

function table(base: string, keys: SigningKeyView[], caption: string): SafeHtml {
  return html`<div class="table-wrap"><table>
<caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">Key</th><th scope="col">State</th><th scope="col">Current since</th><th scope="col">Current until</th><th scope="col">Revoked</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${keys.map((k) => row(base, k))}</tbody>
</table></div>`;
}

export function signingKeysPage(i: SigningKeysPageInput): SafeHtml {
  // As Auth0 lists them: the current key, the next one, then those used before.
  const rank = (k: SigningKeyView) => (k.current ? 0 : k.next ? 1 : 2);
  const valid = i.keys.filter((k) => !k.revoked).sort((a, b) => rank(a) - rank(b));
  const revoked = i.keys.filter((k) => k.revoked);
  return html`${pageHead('Settings', { lead: 'How this tenant presents itself and what it issues by default.' })}
${settingsTabs(i.base, 'signing-keys')}
${notice(i.notice)}${formAlert(i.alert, i.errors.signing_keys_rotation_days ? 'signing_keys_rotation_days' : undefined)}
<section class="panel" aria-labelledby="keys-heading">
<div class="panel-head"><h2 id="keys-heading">Valid keys</h2><p>Published at <span class="code">/.well-known/jwks.json</span>. The current key signs ID and access tokens; the next key is published before it signs anything, so applications that cache the key set already know it when you rotate. Previously used keys stay published, so the tokens they signed keep verifying, until you revoke them.</p></div>
${table(i.base, valid, 'Valid signing keys')}
</section>
<section class="panel" aria-labelledby="rotate-heading">
<div class="panel-head"><h2 id="rotate-heading">Rotate the signing key</h2><p>The next key becomes current, the current key becomes previously used, and a new next key is created. Tokens already issued keep working.</p></div>
<div class="actions"><a class="btn" href="${i.base}/settings/signing-keys/rotate">Rotate key</a></div>
</section>
<form method="post" action="${i.base}/settings/signing-keys/schedule" novalidate>
${csrfInput(i.csrf)}
<section class="panel" aria-labelledby="schedule-heading">
<div class="panel-head"><h2 id="schedule-heading">Scheduled rotation</h2><p>Rotate automatically once the current key has signed for a number of days. Previously used keys stay published until you revoke them.</p></div>
${inputField({ name: 'signing_keys_rotation_days', label: 'Rotate every (days)', type: 'number', value: i.rotationDays, errors: i.errors, hint: 'From 1 to 3650. Leave empty to rotate only when you choose to.', extra: html` min="1" max="3650" step="1" inputmode="numeric"` })}
<div class="actions"><button class="btn" type="submit">Save schedule</button></div>
</section>
</form>
${
  revoked.length
    ? html`<section class="panel" aria-labelledby="revoked-heading">
<div class="panel-head"><h2 id="revoked-heading">Revoked keys</h2><p>No longer published; tokens they signed are refused.</p></div>
${table(i.base, revoked, 'Revoked signing keys')}
</section>`
    : html``
}`;
}
