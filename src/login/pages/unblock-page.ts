// /u/unblock: one button that uses the ticket (a link that mail scanners follow must not unblock
// by itself), then the result.
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';

export interface UnblockPageInput {
  tenantName: string;
  nonce: string;
  state: 'confirm' | 'unblocked' | 'invalid';
  ticket?: string;
  csrf?: string;
}

export function unblockPage(i: UnblockPageInput): SafeHtml {
  const body =
    i.state === 'confirm'
      ? html`<div class="brand"><h1>Unblock your account</h1>
<p class="lead">Sign-ins to your account were blocked after too many failed login attempts. If they were yours, unblock the account and sign in again.</p></div>
<form method="post" action="/u/unblock">
<input type="hidden" name="csrf" value="${i.csrf ?? ''}">
<input type="hidden" name="ticket" value="${i.ticket ?? ''}">
<button class="button" type="submit">Unblock my account</button>
</form>`
      : i.state === 'unblocked'
        ? html`<div class="brand"><h1>Account unblocked</h1><p class="lead" id="result">Your account is unblocked. You can sign in again; you can close this page.</p></div>`
        : html`<div class="brand"><div class="monogram danger" aria-hidden="true">!</div><h1>Link expired</h1>
<p class="lead" id="result">This unblock link is invalid, expired or already used.</p></div>`;
  return page({ title: 'Unblock your account', tenantName: i.tenantName, body, nonce: i.nonce });
}
