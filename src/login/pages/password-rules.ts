// The connection's password rules as a list, the one the last password broke marked, and the
// sentence that names it (the sign-up and reset pages).
import { html, type SafeHtml } from '../../web/html.ts';
import type { PasswordRule } from '../../domain/password-policy.ts';

export function passwordRulesList(rules: PasswordRule[], failed?: PasswordRule): SafeHtml {
  return html`<ul class="rules" id="password-rules">${rules.map((r) => html`<li${failed?.code === r.code ? html` class="error"` : ''}>${r.message}</li>`)}</ul>`;
}

export function failedRuleAlert(id: string, failed: PasswordRule): SafeHtml {
  return html`<div class="alert" role="alert" id="${id}">This password does not meet this rule: ${failed.message}.</div>`;
}
