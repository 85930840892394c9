// One application: credentials (reveal, rotate), its settings form, how it registered, delete.
import { metadataPanel } from './cimd-import.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { GRANT_TYPES } from '../../management/clients/schema.ts';
import {
  APP_TYPE_LABELS,
  choiceGroup,
  csrfInput,
  formAlert,
  inputField,
  notice,
  pageHead,
  selectField,
  textareaField,
  time,
  type Errors,
} from '../components.ts';
import { seg } from '../api-client.ts';
import { appBadges, type ClientView } from './applications.ts';

const GRANT_LABELS: Record<string, string> = {
  authorization_code: 'Authorization Code',
  implicit: 'Implicit',
  refresh_token: 'Refresh Token',
  client_credentials: 'Client Credentials',
  password: 'Password',
  'http://auth0.com/oauth/grant-type/password-realm': 'Password (realm)',
};

export const AUTH_METHODS = [
  { value: 'client_secret_post', label: 'Client secret (POST body)' },
  { value: 'client_secret_basic', label: 'Client secret (HTTP Basic)' },
  { value: 'none', label: 'None (public application)' },
  { value: 'private_key_jwt', label: "Private key JWT (signed with the application's own key)" },
];

export const REDIRECTION_POLICY_OPTIONS = [
  { value: 'open_redirect_protection', label: 'Protect against open redirects (show errors here, offer logout URLs as a link)' },
  { value: 'allow_always', label: 'Always redirect to the callback and logout URLs' },
];

/** What the settings form shows: the stored client or what was just submitted. */
export interface ApplicationValues {
  name: string;
  callbacks: string;
  allowed_logout_urls: string;
  web_origins: string;
  grant_types: string[];
  token_endpoint_auth_method: string;
  redirection_policy: string;
}

export function applicationValues(c: ClientView): ApplicationValues {
  return {
    name: c.name,
    callbacks: c.callbacks.join('\n'),
    allowed_logout_urls: c.allowed_logout_urls.join('\n'),
    web_origins: c.web_origins.join('\n'),
    grant_types: c.grant_types,
    token_endpoint_auth_method: c.token_endpoint_auth_method,
    redirection_policy: c.redirection_policy,
  };
}

export interface ApplicationPageInput {
  base: string;
  csrf: string;
  client: ClientView;
  values: ApplicationValues;
  errors: Errors;
  alert?: string;
  firstError?: string;
  notice?: string;
  /** show the secret unfolded (right after a rotation) */
  revealSecret?: boolean;
}

function credentials(i: ApplicationPageInput): SafeHtml {
  const c = i.client;
  const href = `${i.base}/applications/${seg(c.client_id)}`;
  const secret =
    c.client_secret === undefined
      ? c.token_endpoint_auth_method === 'private_key_jwt'
        ? html`<span class="muted">None: the application signs a JWT with its own private key (private_key_jwt).</span>`
        : html`<span class="muted">None: a public application authenticates with PKCE instead.</span>`
      : html`<details class="secret"${i.revealSecret ? html` open` : ''}><summary>Reveal client secret</summary><code id="client-secret">${c.client_secret}</code></details>
<p class="hint">Rotating issues a new secret at once; the old one stops working.</p>
<a class="btn small secondary" href="${href}/rotate-secret">Rotate secret</a>`;
  return html`<section class="panel" aria-labelledby="credentials-heading">
<div class="panel-head"><h2 id="credentials-heading">Credentials</h2></div>
<dl class="kv">
<dt>Client ID</dt><dd><span class="code" id="client-id">${c.client_id}</span></dd>
<dt>Client secret</dt><dd>${secret}</dd>
<dt>Type</dt><dd>${APP_TYPE_LABELS[c.app_type] ?? c.app_type}</dd>
<dt>Created</dt><dd>${time(c.created_at)}</dd>
</dl>
</section>`;
}

/** RFC 7591 §2.3: who vouched for the metadata, when the application registered. */
function statementRow(statement: { iss: string; software_id?: string } | undefined): SafeHtml {
  if (!statement) return html`<dt>Software statement</dt><dd class="muted">None: nobody vouched for its name or URLs.</dd>`;
  return html`<dt>Software statement</dt><dd id="software-statement"><span class="badge ok">Verified by ${statement.iss}</span>${statement.software_id ? html` <span class="muted">software ID</span> <span class="code">${statement.software_id}</span>` : ''}</dd>`;
}

function registration(c: ClientView): SafeHtml {
  const dcr = c.dynamic_registration;
  if (!dcr) return html``;
  const meta = c.registration_metadata ?? {};
  const clientUri = typeof meta.client_uri === 'string' ? meta.client_uri : undefined;
  const contacts = Array.isArray(meta.contacts) ? meta.contacts.filter((x): x is string => typeof x === 'string') : [];
  return html`<section class="panel" aria-labelledby="registration-heading">
<div class="panel-head"><h2 id="registration-heading">Dynamic registration</h2><p>This application registered itself at <span class="code">POST /oidc/register</span>. You can change its registration; it can too when this tenant lets registered applications manage themselves (RFC 7592, under Settings &gt; Advanced).</p></div>
<dl class="kv">
<dt>Registered</dt><dd>${time(dcr.registered_at)}</dd>
<dt>From IP address</dt><dd>${dcr.ip}</dd>
<dt>User agent</dt><dd class="ua">${dcr.user_agent || '—'}</dd>
<dt>Initial access token</dt><dd>${dcr.initial_access_token_id ? html`<span class="code">${dcr.initial_access_token_id}</span>` : 'None (open registration)'}</dd>
<dt>Security mode</dt><dd>${c.third_party_security_mode ?? 'permissive'}</dd>
${statementRow(dcr.software_statement)}
${clientUri ? html`<dt>Client URI</dt><dd>${clientUri}</dd>` : ''}
${contacts.length ? html`<dt>Contacts</dt><dd>${contacts.join(', ')}</dd>` : ''}
</dl>
</section>`;
}

export function applicationPage(i: ApplicationPageInput): SafeHtml {
  const c = i.client;
  const href = `${i.base}/applications/${seg(c.client_id)}`;
  const v = i.values;
  const perLine = 'One URL per line.';
  return html`${pageHead(c.name, { crumbs: [{ label: 'Applications', href: `${i.base}/applications` }], badges: appBadges(c) })}
${notice(i.notice)}${formAlert(i.alert, i.firstError)}
${credentials(i)}
${registration(c)}
${c.external_client_id ? metadataPanel(i.base, i.csrf, href, c.external_client_id) : ''}
<form method="post" action="${href}" novalidate>
${csrfInput(i.csrf)}
<section class="panel" aria-labelledby="settings-heading">
<div class="panel-head"><h2 id="settings-heading">Settings</h2><p>Saved together: if one value is refused, nothing changes.</p></div>
${inputField({ name: 'name', label: 'Name', value: v.name, errors: i.errors, required: true })}
${textareaField({ name: 'callbacks', label: 'Allowed callback URLs', value: v.callbacks, errors: i.errors, hint: `${perLine} /authorize redirects only to these exact URLs.`, rows: 4 })}
${textareaField({ name: 'allowed_logout_urls', label: 'Allowed logout URLs', value: v.allowed_logout_urls, errors: i.errors, hint: `${perLine} Where users may be sent after signing out.` })}
${textareaField({ name: 'web_origins', label: 'Allowed web origins', value: v.web_origins, errors: i.errors, hint: 'One origin per line, e.g. https://app.example.com (no path). Needed for silent and popup sign-in (response_mode=web_message, as auth0-spa-js uses).' })}
${choiceGroup({ name: 'grant_types', label: 'Grant types', type: 'checkbox', checked: v.grant_types, errors: i.errors, options: GRANT_TYPES.map((g) => ({ value: g, label: GRANT_LABELS[g] ?? g })) })}
${selectField({ name: 'token_endpoint_auth_method', label: 'Token endpoint authentication method', value: v.token_endpoint_auth_method, errors: i.errors, options: AUTH_METHODS })}
${selectField({ name: 'redirection_policy', label: 'Redirection policy', value: v.redirection_policy, errors: i.errors, options: REDIRECTION_POLICY_OPTIONS, hint: 'Errors found before the user acts (and logouts without proof from the session) are not sent to a URL the app registered itself: an open-redirect guard (RFC 9700 §4.11.2).' })}
</section>
<div class="actions"><button class="btn" type="submit">Save changes</button></div>
</form>
<section class="panel danger" aria-labelledby="danger-heading">
<div class="panel-head"><h2 id="danger-heading">Delete this application</h2><p>Its client ID stops working at once; users of the application can no longer sign in through it.</p></div>
<a class="btn danger-outline" href="${href}/delete">Delete application</a>
</section>`;
}
