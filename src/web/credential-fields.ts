import { html, type SafeHtml } from './html.ts';

/**
 * The labelled Email and Password inputs shared by the end-user login page and the dashboard
 * sign-in. Focus goes to the first empty field; an error message (by id) describes the email.
 */
export function credentialFields(i: { email?: string; errorId?: string }): SafeHtml {
  return html`<div class="field">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${i.email ?? ''}"${i.email ? '' : html` autofocus`}${i.errorId ? html` aria-describedby="${i.errorId}"` : ''}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${i.email ? html` autofocus` : ''}>
</div>`;
}
