import { html, type SafeHtml } from './html.ts';
import { page } from './layout.ts';

export interface ErrorPageInput {
  tenantName: string;
  error: string;
  description: string;
  nonce: string;
}

/** Shown instead of redirecting when the redirect target cannot be trusted (RFC 6749 §4.1.2.1). */
export function errorPage(i: ErrorPageInput): SafeHtml {
  const body = html`<div class="brand">
<div class="monogram danger" aria-hidden="true">!</div>
<h1>Something went wrong</h1>
<p class="lead">The application sent an invalid request. Contact the application's developer if this keeps happening.</p>
</div>
<div class="alert" role="alert"><strong>${i.error}</strong>: <span id="error-description">${i.description}</span></div>`;
  return page({ title: 'Error', tenantName: i.tenantName, body, nonce: i.nonce });
}
