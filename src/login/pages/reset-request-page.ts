// /u/reset-password/request ("Forgot password?"): an email field, then the one answer given
// whether or not the email belongs to an account.
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';

export interface ResetRequestPageInput {
  tenantName: string;
  nonce: string;
  state: 'form' | 'sent';
  action: string;
  csrf?: string;
  email?: string;
  error?: string;
  /** the login page of the authorization the user came from, if any */
  loginUrl?: string;
  /** the app the user came from, if any */
  appName?: string;
}

export function resetRequestPage(i: ResetRequestPageInput): SafeHtml {
  const back = i.loginUrl ? html`<div class="links"><p><a id="login-link" href="${i.loginUrl}">Back to ${i.appName ? i.appName : 'log in'}</a></p></div>` : '';
  const body =
    i.state === 'form'
      ? html`<div class="brand"><h1>Forgot your password?</h1>
<p class="lead">Enter your email address and we will send you a link to reset your password.</p></div>
${i.error ? html`<div class="alert" role="alert" id="reset-request-error">${i.error}</div>` : ''}
<form method="post" action="${i.action}" novalidate>
<input type="hidden" name="csrf" value="${i.csrf ?? ''}">
<div class="field"><label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${i.email ?? ''}"${i.error ? html` aria-invalid="true" aria-describedby="reset-request-error"` : ''}></div>
<button class="button" type="submit">Continue</button>
</form>
${back}`
      : html`<div class="brand"><h1>Check your email</h1>
<p class="lead" id="result">If an account uses <strong>${i.email ?? ''}</strong>, we have sent it a link to reset the password. The link works once.</p></div>
${back}`;
  return page({ title: 'Reset your password', tenantName: i.tenantName, body, nonce: i.nonce });
}
