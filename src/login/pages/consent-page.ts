import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { appMark } from './branding.ts';
import { callbackNotice } from './callback-notice.ts';
import type { NonVerifiableCallback } from '../../domain/uris.ts';

export interface ConsentScope {
  name: string;
  description: string;
}

export interface ConsentPageInput {
  tenantName: string;
  app: { name: string; logo_uri?: string };
  userEmail: string;
  /** host of the redirect URI the user will be sent to (`host:port` or `scheme:` on the device) */
  redirectHost: string;
  /** the redirect URI is a custom scheme or loopback: the page says which app or program gets the result */
  device?: NonVerifiableCallback | null;
  /** the application registered itself: nobody at the tenant vouched for its name or logo */
  selfRegistered: boolean;
  /** the issuer, trusted by the tenant, of the software statement the application registered with */
  verifiedBy?: string;
  /**
   * The application is named by a Client ID Metadata Document: the domain that served it (the
   * host of its client_id URL), the one thing about it that is verified.
   */
  metadataDomain?: string;
  /** every redirect URI of that application is on the user's own device (localhost) */
  localOnly?: boolean;
  scopes: ConsentScope[];
  action: string;
  csrf: string;
  nonce: string;
}

/**
 * Who vouches for a self-registered application: the issuer of its software statement, whom the
 * tenant trusts (RFC 7591 §2.3), or nobody.
 */
function registrationMark(i: ConsentPageInput): SafeHtml | string {
  if (i.metadataDomain !== undefined) return metadataMark(i, i.metadataDomain);
  if (!i.selfRegistered) return '';
  if (i.verifiedBy !== undefined) {
    return html`<p class="note" id="verified"><span class="verified">&#10003; Verified by <strong>${i.verifiedBy}</strong></span><br>This application registered itself with a statement signed by ${i.verifiedBy}, which ${i.tenantName} trusts.</p>`;
  }
  return html`<p class="note" id="unverified">This application registered itself: it is <strong>not verified by ${i.tenantName}</strong>. Continue only if you trust <span class="code">${i.redirectHost}</span>.</p>`;
}

/**
 * draft-ietf-oauth-client-id-metadata-document §8 and MCP authorization: the verified domain is
 * shown apart from the name, which the application chose itself; a localhost-only application
 * gets a warning (anything on the user's device can receive the result).
 */
function metadataMark(i: ConsentPageInput, domain: string): SafeHtml {
  return html`<div class="note" id="metadata-domain"><span class="verified">&#10003; Verified domain</span><p class="domain"><strong>${domain}</strong></p>
<p>The name “${i.app.name}” and its logo are the application’s own claim; ${domain} serves its client metadata, so it is the party you are trusting.</p>
${i.localOnly ? html`<p class="warning" id="localhost-warning" role="note">This application sends the result to a program on your own device (localhost). Continue only if you started it yourself.</p>` : ''}</div>`;
}

export function consentPage(i: ConsentPageInput): SafeHtml {
  const body = html`<div class="brand">
${appMark(i.app)}
<h1>Authorize ${i.app.name}</h1>
<p class="lead">Hi <strong>${i.userEmail}</strong>, <strong>${i.app.name}</strong> is requesting access to your <strong>${i.tenantName}</strong> account.</p>
${registrationMark(i)}
</div>
<ul class="scopes" aria-label="Requested permissions">
${i.scopes.map((s) => html`<li><span class="check" aria-hidden="true">&#10003;</span><div><div class="name">${s.description}</div><div class="desc">${s.name}</div></div></li>`)}
</ul>
${i.device ? callbackNotice({ appName: i.app.name, tenantName: i.tenantName, device: i.device }) : html`<p class="note">After you decide, you will be sent to <span class="code">${i.redirectHost}</span>.</p>`}
<form method="post" action="${i.action}">
<input type="hidden" name="csrf" value="${i.csrf}">
<div class="actions">
<button class="button secondary" type="submit" name="decision" value="decline">Decline</button>
<button class="button" type="submit" name="decision" value="accept">Accept</button>
</div>
</form>
<a class="account-link" href="/u/apps">See or revoke the apps you have authorized</a>`;
  return page({ title: `Authorize ${i.app.name}`, tenantName: i.tenantName, body, nonce: i.nonce });
}
