// Where an authorization result goes, told plainly: a website's host, or, for a callback
// nobody can verify (a custom scheme or a loopback address, RFC 8252 §7.1, §7.3), the app or
// program on the user's own device that receives it.
import { html, type SafeHtml } from '../../web/html.ts';
import { nonVerifiableCallback, type NonVerifiableCallback } from '../../domain/uris.ts';

export interface CallbackDestination {
  /** what the result is sent to, in a few characters: a host, `host:port` or `scheme:` */
  label: string;
  /** set when the receiver is on the user's device and cannot be verified */
  device: NonVerifiableCallback | null;
}

export function callbackDestination(redirectUri: string): CallbackDestination {
  const device = nonVerifiableCallback(redirectUri);
  if (device?.kind === 'app') return { label: `${device.scheme}:`, device };
  if (device?.kind === 'loopback') return { label: `${device.host}:${device.port}`, device };
  return { label: new URL(redirectUri).host, device };
}

/** "an app on this device that handles com.example.app: links" / "a program on this device listening on 127.0.0.1:8080" */
function deviceReceiver(d: NonVerifiableCallback): SafeHtml {
  if (d.kind === 'app') return html`an app on this device that handles <span class="code">${d.scheme}:</span> links`;
  return html`a program on this device listening on <span class="code">${d.host}:${d.port}</span>`;
}

/** The notice shown before a result goes to a non-verifiable callback. */
export function callbackNotice(i: { appName: string; tenantName: string; device: NonVerifiableCallback }): SafeHtml {
  const who = i.device.kind === 'app' ? 'Any app on this device can claim these links' : 'Any program on this device can listen there';
  return html`<div class="callout" role="note" id="callback-notice">
<p class="callout-title">This goes to an app on this device, not to a website</p>
<p>${i.appName} will receive your sign-in through <strong>${deviceReceiver(i.device)}</strong>. ${who}, so ${i.tenantName} cannot check which one gets it. Continue only if you started this from ${i.appName} on this device.</p>
</div>`;
}
