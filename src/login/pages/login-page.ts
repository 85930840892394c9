import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { appMark } from './branding.ts';
import { credentialFields } from '../../web/credential-fields.ts';

export interface LoginPageInput {
  tenantName: string;
  app: { name: string; logo_uri?: string };
  /** form action: /u/login with the authorization request's query */
  action: string;
  csrf: string;
  /** the sign-up page for this authorization; absent when the connection disables sign-up */
  signupUrl?: string;
  /** the "Forgot password?" page for this authorization */
  resetUrl: string;
  email?: string;
  error?: string;
  nonce: string;
}

export function loginPage(i: LoginPageInput): SafeHtml {
  const body = html`<div class="brand">
${appMark(i.app)}
<h1>Welcome</h1>
<p class="lead">Log in to <strong>${i.tenantName}</strong> to continue to <strong>${i.app.name}</strong>.</p>
</div>
${i.error ? html`<div class="alert" role="alert" id="login-error">${i.error}</div>` : ''}
<form method="post" action="${i.action}" novalidate>
<input type="hidden" name="csrf" value="${i.csrf}">
${credentialFields({ email: i.email, errorId: i.error ? 'login-error' : undefined })}
<a class="link forgot" id="forgot-password" href="${i.resetUrl}">Forgot password?</a>
<button class="button" type="submit">Continue</button>
</form>
${i.signupUrl ? html`<div class="links"><p>Don't have an account? <a id="signup-link" href="${i.signupUrl}">Sign up</a></p></div>` : ''}`;
  return page({ title: 'Log in', tenantName: i.tenantName, body, nonce: i.nonce });
}
