import { html, type SafeHtml } from './html.ts';

/**
 * The labelled Email and Password inputs shared by the end-user login page and the dashboard
 * sign-in (and, with `newPassword`, the sign-up page). Focus goes to the first empty field; an error message (by id) describes the email.
 */
export function credentialFields(i: { email?: string; errorId?: string; newPassword?: { describedBy: string; invalid: boolean } }): SafeHtml {
  const password = i.newPassword
    ? html` autocomplete="new-password" aria-describedby="${i.newPassword.describedBy}"${i.newPassword.invalid ? html` aria-invalid="true"` : ''}`
    : html` autocomplete="current-password"`;
  return html`<div class="field">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${i.email ?? ''}"${i.email ? '' : html` autofocus`}${i.errorId ? html` aria-describedby="${i.errorId}"` : ''}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password"${password} required${i.email ? html` autofocus` : ''}>
</div>`;
}
