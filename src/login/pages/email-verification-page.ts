// /u/email-verification: one button that uses the ticket (a link that mail scanners follow must
// not verify by itself), then the result.
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';

export interface VerificationPageInput {
  tenantName: string;
  nonce: string;
  state: 'confirm' | 'verified' | 'invalid';
  ticket?: string;
  csrf?: string;
  resultUrl?: string | null;
}

export function emailVerificationPage(i: VerificationPageInput): SafeHtml {
  const body =
    i.state === 'confirm'
      ? html`<div class="brand"><h1>Verify your email</h1><p class="lead">Confirm that this email address is yours.</p></div>
<form method="post" action="/u/email-verification">
<input type="hidden" name="csrf" value="${i.csrf ?? ''}">
<input type="hidden" name="ticket" value="${i.ticket ?? ''}">
<button class="button" type="submit">Verify my email</button>
</form>`
      : i.state === 'verified'
        ? html`<div class="brand"><h1>Email verified</h1><p class="lead" id="result">Your email address is verified.${i.resultUrl ? '' : ' You can close this page.'}</p></div>
${i.resultUrl ? html`<a class="button" href="${i.resultUrl}">Continue</a>` : ''}`
        : html`<div class="brand"><div class="monogram danger" aria-hidden="true">!</div><h1>Link expired</h1>
<p class="lead" id="result">This verification link is invalid, expired or already used. Ask for a new verification email.</p></div>`;
  return page({ title: 'Verify your email', tenantName: i.tenantName, body, nonce: i.nonce });
}
