// /u/signup: email and password under the connection's stated rules; a refusal names the rule
// the password broke, or says what else went wrong.
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { credentialFields } from '../../web/credential-fields.ts';
import type { PasswordRule } from '../../domain/password-policy.ts';
import { appMark } from './branding.ts';
import { failedRuleAlert, passwordRulesList } from './password-rules.ts';

export interface SignupPageInput {
  tenantName: string;
  app: { name: string; logo_uri?: string };
  nonce: string;
  /** the login page of this authorization */
  loginUrl: string;
  /** 'disabled': the connection does not allow sign-up */
  state: 'form' | 'disabled';
  /** form action: /u/signup with the authorization request's query */
  action?: string;
  csrf?: string;
  rules?: PasswordRule[];
  email?: string;
  /** the rule the last password broke */
  failed?: PasswordRule;
  /** any other refusal, in words */
  error?: string;
}

function form(i: SignupPageInput): SafeHtml {
  return html`${i.error ? html`<div class="alert" role="alert" id="signup-error">${i.error}</div>` : ''}
${i.failed ? failedRuleAlert('signup-error', i.failed) : ''}
<form method="post" action="${i.action ?? ''}" novalidate>
<input type="hidden" name="csrf" value="${i.csrf ?? ''}">
${credentialFields({
  email: i.email,
  errorId: i.error ? 'signup-error' : undefined,
  newPassword: { describedBy: i.failed ? 'signup-error password-rules' : 'password-rules', invalid: i.failed !== undefined },
})}
<p class="rules-title">Your password must have:</p>
${passwordRulesList(i.rules ?? [], i.failed)}
<button class="button" type="submit">Continue</button>
</form>`;
}

export function signupPage(i: SignupPageInput): SafeHtml {
  const body = html`<div class="brand">
${appMark(i.app)}
<h1>Create your account</h1>
<p class="lead">Sign up to <strong>${i.tenantName}</strong> to continue to <strong>${i.app.name}</strong>.</p>
</div>
${
  i.state === 'form'
    ? form(i)
    : html`<div class="alert" role="alert" id="signup-error">Sign-up is not available for ${i.tenantName}. Ask its administrator for an account.</div>`
}
<div class="links"><p>Already have an account? <a id="login-link" href="${i.loginUrl}">Log in</a></p></div>`;
  return page({ title: 'Sign up', tenantName: i.tenantName, body, nonce: i.nonce });
}
