import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { appMark } from './branding.ts';
import { callbackNotice } from './callback-notice.ts';
import type { NonVerifiableCallback } from '../../domain/uris.ts';

export interface ConfirmCallbackPageInput {
  tenantName: string;
  app: { name: string; logo_uri?: string };
  userEmail: string;
  device: NonVerifiableCallback;
  action: string;
  csrf: string;
  nonce: string;
}

/** Continue or Cancel before a first-party app's code or token goes to a non-verifiable callback. */
export function confirmCallbackPage(i: ConfirmCallbackPageInput): SafeHtml {
  const body = html`<div class="brand">
${appMark(i.app)}
<h1>Continue to ${i.app.name}?</h1>
<p class="lead">Hi <strong>${i.userEmail}</strong>, you are signing in to <strong>${i.app.name}</strong>.</p>
</div>
${callbackNotice({ appName: i.app.name, tenantName: i.tenantName, device: i.device })}
<form method="post" action="${i.action}">
<input type="hidden" name="csrf" value="${i.csrf}">
<div class="actions">
<button class="button secondary" type="submit" name="decision" value="cancel">Cancel</button>
<button class="button" type="submit" name="decision" value="continue">Continue</button>
</div>
</form>`;
  return page({ title: `Continue to ${i.app.name}`, tenantName: i.tenantName, body, nonce: i.nonce });
}
