// Pages outside a tenant (sign-in, errors before a tenant is chosen) use the login card.
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { credentialFields } from '../../web/credential-fields.ts';

export const PRODUCT = 'Latchkey Dashboard';

export interface SignInInput {
  action: string;
  csrf: string;
  returnTo: string;
  email?: string;
  error?: string;
  nonce: string;
}

export function signInPage(i: SignInInput): SafeHtml {
  const body = html`<div class="brand">
<div class="monogram" aria-hidden="true">L</div>
<h1>Sign in</h1>
<p class="lead">Sign in to the <strong>Latchkey Dashboard</strong> to manage your tenants.</p>
</div>
${i.error ? html`<div class="alert" role="alert" id="signin-error">${i.error}</div>` : ''}
<form method="post" action="${i.action}" novalidate>
<input type="hidden" name="csrf" value="${i.csrf}">
<input type="hidden" name="return_to" value="${i.returnTo}">
${credentialFields({ email: i.email, errorId: i.error ? 'signin-error' : undefined })}
<button class="button" type="submit">Continue</button>
</form>
<p class="note">The first administrator's email and password are in <span class="code">initial-credentials.json</span> in the data directory.</p>`;
  return page({ title: 'Sign in', tenantName: PRODUCT, body, nonce: i.nonce });
}

export function messagePage(i: { title: string; message: string; status: number; nonce: string; link?: { href: string; label: string } }): SafeHtml {
  const danger = i.status >= 400;
  const body = html`<div class="brand">
<div class="monogram${danger ? ' danger' : ''}" aria-hidden="true">${danger ? '!' : 'L'}</div>
<h1>${i.title}</h1>
</div>
<p class="lead" id="message">${i.message}</p>
<div class="actions"><a class="button secondary" href="${i.link?.href ?? '/dashboard'}">${i.link?.label ?? 'Back to the dashboard'}</a></div>`;
  return page({ title: i.title, tenantName: PRODUCT, body, nonce: i.nonce });
}
