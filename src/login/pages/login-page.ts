import { html, type SafeHtml } from '../html.ts';
import { page } from '../layout.ts';
import { appMark } from './branding.ts';

export interface LoginPageInput {
  tenantName: string;
  app: { name: string; logo_uri?: string };
  /** form action: /u/login with the authorization request's query */
  action: string;
  csrf: string;
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
<div class="field">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${i.email ?? ''}"${i.email ? '' : html` autofocus`}${i.error ? html` aria-describedby="login-error"` : ''}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${i.email ? html` autofocus` : ''}>
</div>
<button class="button" type="submit">Continue</button>
</form>`;
  return page({ title: 'Log in', tenantName: i.tenantName, body, nonce: i.nonce });
}
