import { html, type SafeHtml } from '../../../web/html.ts';
import { page } from '../../../web/layout.ts';

export function logoutConfirmPage(i: {
  tenantName: string;
  action: string;
  csrf: string;
  hidden: Record<string, string>;
  anotherSession?: boolean;
  nonce: string;
}): SafeHtml {
  const notice = i.anotherSession
    ? html`<p class="warning" id="another-session" role="note">The application asked to log out a different sign-in than yours. Nothing has changed yet.</p>`
    : html``;
  const body = html`<div class="brand">
<h1>Log out?</h1>
<p class="lead">Do you want to log out of <strong>${i.tenantName}</strong>?</p>
${notice}
</div>
<form method="post" action="${i.action}">
<input type="hidden" name="csrf" value="${i.csrf}">
${Object.entries(i.hidden).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<div class="actions">
<button class="button secondary" type="submit" name="logout" value="no">Cancel</button>
<button class="button" type="submit" name="logout" value="yes">Log out</button>
</div>
</form>`;
  return page({ title: 'Log out', tenantName: i.tenantName, body, nonce: i.nonce });
}

/** `link`: where the application asked to send the user, offered rather than followed (open_redirect_protection). */
export function loggedOutPage(i: { tenantName: string; nonce: string; link?: string | undefined }): SafeHtml {
  const next = i.link
    ? html`<p>The application asked to send you on to <strong>${new URL(i.link).host}</strong>.</p>
<div class="actions"><a class="button" href="${i.link}">Continue to ${new URL(i.link).host}</a></div>`
    : html`<p>You can close this window.</p>`;
  const body = html`<div class="brand">
<h1>You are logged out</h1>
<p class="lead">You have been logged out of <strong>${i.tenantName}</strong>.</p>
${next}
</div>`;
  return page({ title: 'Logged out', tenantName: i.tenantName, body, nonce: i.nonce });
}
