// Settings > Email: the SMTP server the tenant's mail goes through (Auth0's email provider), and
// a test email. Without one enabled, mail is written to the outbox.
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfInput, formAlert, inputField, notice, pageHead, type Errors } from '../components.ts';
import { settingsTabs } from './settings.ts';

export interface EmailPageInput {
  base: string;
  csrf: string;
  /** whether a provider is configured (a stored password stays unless a new one is typed) */
  configured: boolean;
  values: Readonly<Record<string, string>>;
  errors: Errors;
  alert?: string;
  firstError?: string;
  notice?: string;
}

export function emailProviderPage(i: EmailPageInput): SafeHtml {
  const v = i.values;
  return html`${pageHead('Settings', { lead: 'How this tenant presents itself and what it issues by default.' })}
${settingsTabs(i.base, 'email')}
${notice(i.notice)}${formAlert(i.alert, i.firstError)}
<form method="post" action="${i.base}/settings/email" novalidate>
${csrfInput(i.csrf)}
<section class="panel" aria-labelledby="smtp-heading">
<div class="panel-head"><h2 id="smtp-heading">Email provider (SMTP)</h2><p>Verification and password-reset emails go through this server. ${
    i.configured ? '' : 'None is set up yet: mail is written as .eml files to the outbox folder of the data directory.'
  }</p></div>
<div class="grid-2">
${inputField({ name: 'smtp_host', label: 'SMTP host', value: v.smtp_host, errors: i.errors, autocomplete: 'off', extra: html` spellcheck="false"` })}
${inputField({ name: 'smtp_port', label: 'Port', type: 'number', value: v.smtp_port ?? '587', errors: i.errors, hint: '465 uses TLS from the start; other ports use STARTTLS when the server offers it.', extra: html` min="1" max="65535" inputmode="numeric"` })}
${inputField({ name: 'smtp_user', label: 'User name', value: v.smtp_user, errors: i.errors, autocomplete: 'off', hint: 'Leave empty if the server needs no sign-in.' })}
${inputField({ name: 'smtp_pass', label: 'Password', type: 'password', value: '', errors: i.errors, autocomplete: 'new-password', hint: i.configured ? 'Leave empty to keep the stored password.' : 'Stored encrypted; never shown again.' })}
</div>
${inputField({ name: 'default_from_address', label: 'From address', type: 'email', value: v.default_from_address, errors: i.errors, hint: 'The sender of every email, e.g. login@example.com.' })}
<div class="switch-row">
<input type="checkbox" id="enabled" name="enabled" value="on"${v.enabled === 'on' ? html` checked` : ''} aria-describedby="enabled-hint">
<div><label for="enabled">Send mail through this server</label><p class="hint" id="enabled-hint">When off, mail is written to the outbox instead.</p></div>
</div>
</section>
<div class="actions"><button class="btn" type="submit">Save</button></div>
</form>
<form method="post" action="${i.base}/settings/email/test" novalidate>
${csrfInput(i.csrf)}
<section class="panel" aria-labelledby="test-heading">
<div class="panel-head"><h2 id="test-heading">Send a test email</h2><p>Queues one email to the address below, through the server above (or the outbox). Failures appear in Logs.</p></div>
${inputField({ name: 'to', label: 'Recipient', type: 'email', value: v.to, errors: i.errors, autocomplete: 'email' })}
</section>
<div class="actions"><button class="btn secondary" type="submit">Send test email</button></div>
</form>`;
}
