// /u/reset-password: a new password under the connection's stated rules, then the result.
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import type { PasswordRule } from '../../domain/password-policy.ts';
import { failedRuleAlert, passwordRulesList } from './password-rules.ts';

export interface ResetPageInput {
  tenantName: string;
  nonce: string;
  state: 'form' | 'done' | 'invalid';
  ticket?: string;
  csrf?: string;
  rules?: PasswordRule[];
  /** the rule the last password broke */
  failed?: PasswordRule;
  resultUrl?: string | null;
}

export function resetPasswordPage(i: ResetPageInput): SafeHtml {
  const body =
    i.state === 'form'
      ? html`<div class="brand"><h1>Choose a new password</h1><p class="lead">Your password must have:</p></div>
${passwordRulesList(i.rules ?? [], i.failed)}
${i.failed ? failedRuleAlert('reset-error', i.failed) : ''}
<form method="post" action="/u/reset-password" novalidate>
<input type="hidden" name="csrf" value="${i.csrf ?? ''}">
<input type="hidden" name="ticket" value="${i.ticket ?? ''}">
<div class="field"><label for="password">New password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required${i.failed ? html` aria-invalid="true" aria-describedby="reset-error"` : html` aria-describedby="password-rules"`}></div>
<button class="button" type="submit">Reset password</button>
</form>`
      : i.state === 'done'
        ? html`<div class="brand"><h1>Password changed</h1><p class="lead" id="result">Your password was changed. You have been signed out everywhere; sign in again with the new password.</p></div>
${i.resultUrl ? html`<a class="button" href="${i.resultUrl}">Back to the application</a>` : ''}`
        : html`<div class="brand"><div class="monogram danger" aria-hidden="true">!</div><h1>Link expired</h1>
<p class="lead" id="result">This password reset link is invalid, expired or already used. Ask for a new one from the login page.</p></div>`;
  return page({ title: 'Reset your password', tenantName: i.tenantName, body, nonce: i.nonce });
}
