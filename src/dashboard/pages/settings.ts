// Settings > General and Settings > Advanced (dynamic client registration and its limits).
import { html, type SafeHtml } from '../../web/html.ts';
import { policyLimit, type TenantSettings } from '../../domain/tenant.ts';
import { choiceGroup, csrfInput, formAlert, inputField, notice, pageHead, textareaField, type Errors } from '../components.ts';

export interface SettingsForm {
  base: string;
  csrf: string;
  /** what the fields show: the stored settings, or what was just submitted */
  values: Readonly<Record<string, string>>;
  errors: Errors;
  alert?: string;
  firstError?: string;
  notice?: string;
}

type SettingsTab = 'general' | 'advanced' | 'registration-tokens' | 'signing-keys' | 'email';

export function settingsTabs(base: string, current: SettingsTab): SafeHtml {
  const tab = (key: SettingsTab, label: string, href: string) => html`<a href="${href}"${key === current ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="tabs" aria-label="Settings">${tab('general', 'General', `${base}/settings`)}${tab('advanced', 'Advanced', `${base}/settings/advanced`)}${tab('registration-tokens', 'Registration tokens', `${base}/settings/registration-tokens`)}${tab('signing-keys', 'Signing keys', `${base}/settings/signing-keys`)}${tab('email', 'Email', `${base}/settings/email`)}</nav>`;
}
const tabs = settingsTabs;

export function generalValues(s: TenantSettings): Record<string, string> {
  return {
    friendly_name: s.friendly_name,
    support_email: s.support_email ?? '',
    default_audience: s.default_audience ?? '',
    skip_non_verifiable_callback_uri_confirmation_prompt: s.skip_non_verifiable_callback_uri_confirmation_prompt === true ? 'on' : '',
  };
}

export function generalSettingsPage(f: SettingsForm): SafeHtml {
  const v = f.values;
  return html`${pageHead('Settings', { lead: 'How this tenant presents itself and what it issues by default.' })}
${tabs(f.base, 'general')}
${notice(f.notice)}${formAlert(f.alert, f.firstError)}
<form method="post" action="${f.base}/settings" novalidate>
${csrfInput(f.csrf)}
<section class="panel" aria-labelledby="general-heading">
<div class="panel-head"><h2 id="general-heading">General</h2><p>Shown to your users on the login, consent and error pages.</p></div>
${inputField({ name: 'friendly_name', label: 'Friendly name', value: v.friendly_name, errors: f.errors, required: true, hint: 'The name users see, e.g. "Acme".' })}
${inputField({ name: 'support_email', label: 'Support email', type: 'email', value: v.support_email, errors: f.errors, autocomplete: 'off', hint: 'Where users can ask for help.' })}
${inputField({ name: 'default_audience', label: 'Default audience', value: v.default_audience, errors: f.errors, hint: 'API identifier used when an authorization request names no audience. Leave empty for none.' })}
</section>
<section class="panel" aria-labelledby="consent-heading">
<div class="panel-head"><h2 id="consent-heading">Login and consent</h2><p>What users are asked before an application gets their sign-in.</p></div>
<div class="switch-row">
<input type="checkbox" id="skip_non_verifiable_callback_uri_confirmation_prompt" name="skip_non_verifiable_callback_uri_confirmation_prompt" value="on"${v.skip_non_verifiable_callback_uri_confirmation_prompt === 'on' ? html` checked` : ''} aria-describedby="skip-callback-hint">
<div><label for="skip_non_verifiable_callback_uri_confirmation_prompt">Skip the confirmation for non-verifiable callbacks</label><p class="hint" id="skip-callback-hint">Callbacks with a custom scheme (com.example.app:/callback) or on the user’s own device (localhost, 127.0.0.1) cannot be verified, so users are told which app gets the result: on the consent page, every time, for third-party apps; on a Continue / Cancel page for first-party apps. Auth0 recommends leaving this off; turn it on in development only, e.g. for silent sign-in on http://localhost.</p></div>
</div>
</section>
<div class="actions"><button class="btn" type="submit">Save</button></div>
</form>`;
}

export function advancedValues(s: TenantSettings): Record<string, string> {
  const r = s.registration_rate_limits;
  return {
    enable_dynamic_client_registration: s.flags.enable_dynamic_client_registration ? 'on' : '',
    registration_client_management_enabled: s.registration_client_management_enabled ? 'on' : '',
    client_id_metadata_document_supported: s.client_id_metadata_document_supported ? 'on' : '',
    dynamic_client_registration_security_mode: s.dynamic_client_registration_security_mode,
    per_ip_burst: String(r.per_ip_burst),
    per_ip_per_second: String(r.per_ip_per_second),
    per_tenant_burst: String(r.per_tenant_burst),
    per_tenant_per_second: String(r.per_tenant_per_second),
    ...policyValues(s),
  };
}

/** The knobs in force: a limit's number (empty = none), a list's entries (empty = any). */
function policyValues(s: TenantSettings): Record<string, string> {
  const p = s.registration_policy;
  const limit = (knob: 'max_clients' | 'max_metadata_bytes' | 'unused_client_ttl_days') => String(policyLimit(p, knob) ?? '');
  return {
    policy_max_clients: limit('max_clients'),
    policy_max_metadata_bytes: limit('max_metadata_bytes'),
    policy_allowed_grant_types: (p.allowed_grant_types ?? []).join(', '),
    policy_allowed_token_endpoint_auth_methods: (p.allowed_token_endpoint_auth_methods ?? []).join(', '),
    policy_blocked_redirect_hosts: (p.blocked_redirect_hosts ?? []).join('\n'),
    policy_allowed_redirect_uri_patterns: (p.allowed_redirect_uri_patterns ?? []).join('\n'),
    policy_allowed_scopes: (p.allowed_scopes ?? []).join(' '),
    policy_software_statement_issuers: p.software_statement_issuers ? JSON.stringify(p.software_statement_issuers, null, 2) : '',
    policy_require_software_statement: p.require_software_statement ? 'on' : '',
    policy_require_initial_access_token: p.require_initial_access_token === true ? 'on' : '',
    policy_unused_client_ttl_days: limit('unused_client_ttl_days'),
  };
}

/** RFC 7591 §2.3: the issuers whose signed software statements registrations may carry. */
function softwareStatementPanel(f: SettingsForm): SafeHtml {
  const v = f.values;
  return html`<section class="panel" aria-labelledby="statements-heading">
<div class="panel-head"><h2 id="statements-heading">Software statements</h2><p>A registration may carry a <span class="code">software_statement</span>: metadata signed by a party you trust, such as the vendor of the application or a directory. It is verified against that party’s keys; its claims replace what the application sent, and the application shows as “Verified by” that party on the consent page.</p></div>
${textareaField({
  name: 'policy_software_statement_issuers',
  label: 'Trusted issuers (JSON)',
  value: v.policy_software_statement_issuers,
  errors: f.errors,
  rows: 6,
  hint: 'A JSON list; each issuer has its iss and either jwks (public keys) or an https jwks_uri, e.g. [{"iss": "https://vendor.example", "jwks_uri": "https://vendor.example/jwks.json"}]. Empty: statements are ignored.',
})}
<div class="switch-row">
<input type="checkbox" id="policy_require_software_statement" name="policy_require_software_statement" value="on"${v.policy_require_software_statement === 'on' ? html` checked` : ''} aria-describedby="require-statement-hint">
<div><label for="policy_require_software_statement">Require a software statement</label><p class="hint" id="require-statement-hint">Registrations without a statement from a trusted issuer are refused (invalid_software_statement).</p></div>
</div>
</section>`;
}

function switchRow(name: string, v: SettingsForm['values'], label: string, hint: SafeHtml): SafeHtml {
  return html`<div class="switch-row">
<input type="checkbox" id="${name}" name="${name}" value="on"${v[name] === 'on' ? html` checked` : ''} aria-describedby="${name}-hint">
<div><label for="${name}">${label}</label><p class="hint" id="${name}-hint">${hint}</p></div>
</div>`;
}

export function advancedSettingsPage(f: SettingsForm): SafeHtml {
  const v = f.values;
  const number = (name: string, label: string, hint: string, step: string) =>
    inputField({ name, label, type: 'number', value: v[name], errors: f.errors, hint, extra: html` min="0" step="${step}" inputmode="decimal"` });
  return html`${pageHead('Settings', { lead: 'How this tenant presents itself and what it issues by default.' })}
${tabs(f.base, 'advanced')}
${notice(f.notice)}${formAlert(f.alert, f.firstError)}
<form method="post" action="${f.base}/settings/advanced" novalidate>
${csrfInput(f.csrf)}
<section class="panel" aria-labelledby="dcr-heading">
<div class="panel-head"><h2 id="dcr-heading">Dynamic client registration</h2><p>Applications register themselves at <span class="code">POST /oidc/register</span> (RFC 7591), openly or with a registration token. They become third-party applications that you manage under Applications.</p></div>
<div class="switch-row">
<input type="checkbox" id="enable_dynamic_client_registration" name="enable_dynamic_client_registration" value="on"${v.enable_dynamic_client_registration === 'on' ? html` checked` : ''} aria-describedby="dcr-hint">
<div><label for="enable_dynamic_client_registration">OIDC Dynamic Application Registration</label><p class="hint" id="dcr-hint">When off, registration answers 400 "dynamic client registration is disabled".</p></div>
</div>
${switchRow(
  'client_id_metadata_document_supported',
  v,
  'Client ID Metadata Documents',
  html`An application may use the https URL of its metadata document as its <span class="code">client_id</span> (as MCP clients do): it is fetched and checked at sign-in, and nothing is registered. Needed to import applications from a metadata URL too.`,
)}
${switchRow(
  'registration_client_management_enabled',
  v,
  'Let registered applications manage themselves (RFC 7592)',
  html`Registration also answers a registration access token; with it an application reads, updates or deletes its own registration at <span class="code">/oidc/register/{client_id}</span>. Auth0 has no such feature. When off, those requests answer 401.`,
)}
${choiceGroup({
  name: 'dynamic_client_registration_security_mode',
  label: 'Security mode of registered applications',
  type: 'radio',
  cards: true,
  checked: [v.dynamic_client_registration_security_mode ?? 'permissive'],
  errors: f.errors,
  options: [
    { value: 'permissive', label: 'Permissive', description: 'Auth0’s classic defaults: authorization code, implicit and refresh token grants.' },
    {
      value: 'strict',
      label: 'Strict',
      description: 'Third-party profile: tpc_ client ids, authorization code and refresh token only, PKCE required, errors shown on an error page.',
    },
  ],
})}
</section>
<section class="panel" aria-labelledby="limits-heading">
<div class="panel-head"><h2 id="limits-heading">Registration rate limits</h2><p>Token buckets: a burst is how many registrations are accepted at once; the refill rate is how many more each second allows. Over a limit, registration answers 429.</p></div>
<div class="grid-2">
${number('per_ip_burst', 'Burst per IP address', 'Whole number, at least 1.', '1')}
${number('per_ip_per_second', 'Refill per IP address (per second)', 'For example 1, or 0.1 for one every ten seconds.', 'any')}
${number('per_tenant_burst', 'Burst for the whole tenant', 'Whole number, at least 1.', '1')}
${number('per_tenant_per_second', 'Refill for the whole tenant (per second)', 'Greater than 0.', 'any')}
</div>
</section>
<section class="panel" aria-labelledby="policy-heading">
<div class="panel-head"><h2 id="policy-heading">Registration policy</h2><p>What a self-registered application may be. A registration outside it answers 400 naming the rule, and appears in the Registration log.</p></div>
<div class="grid-2">
${inputField({ name: 'policy_max_clients', label: 'Most registered applications', type: 'number', value: v.policy_max_clients, errors: f.errors, hint: 'Applications that registered themselves. Empty: no limit.', extra: html` min="0" step="1" inputmode="numeric"` })}
${inputField({ name: 'policy_max_metadata_bytes', label: 'Largest registration (bytes)', type: 'number', value: v.policy_max_metadata_bytes, errors: f.errors, hint: '256 to 65536. Empty: up to the 64 KiB request limit.', extra: html` min="256" step="1" inputmode="numeric"` })}
${inputField({ name: 'policy_allowed_grant_types', label: 'Allowed grant types', value: v.policy_allowed_grant_types, errors: f.errors, hint: 'Comma-separated, e.g. authorization_code, refresh_token. Empty: any.' })}
${inputField({ name: 'policy_allowed_token_endpoint_auth_methods', label: 'Allowed authentication methods', value: v.policy_allowed_token_endpoint_auth_methods, errors: f.errors, hint: 'Comma-separated, e.g. none. Empty: any.' })}
</div>
${textareaField({ name: 'policy_blocked_redirect_hosts', label: 'Blocked redirect hosts', value: v.policy_blocked_redirect_hosts, errors: f.errors, rows: 3, hint: 'One host per line; *.example.com blocks its subdomains. No redirect URI may point at them.' })}
${textareaField({ name: 'policy_allowed_redirect_uri_patterns', label: 'Allowed redirect URI patterns', value: v.policy_allowed_redirect_uri_patterns, errors: f.errors, rows: 3, hint: 'One per line; every redirect URI must match one. * is subdomains (https://*.partner.example/…), any port (http://127.0.0.1:*/…) or the rest of a path. Empty: any.' })}
${switchRow(
  'policy_require_initial_access_token',
  v,
  'Require an initial access token',
  html`Registration answers 401 without <span class="code">Authorization: Bearer</span> and a token from <a href="${f.base}/settings/registration-tokens">Registration tokens</a>.`,
)}
${inputField({ name: 'policy_allowed_scopes', label: 'Allowed scopes', value: v.policy_allowed_scopes, errors: f.errors, hint: 'Space- or comma-separated. A registration may ask for these only, and gets them when it asks for none. Empty: any.' })}
${inputField({ name: 'policy_unused_client_ttl_days', label: 'Delete registered applications unused for (days)', type: 'number', value: v.policy_unused_client_ttl_days, errors: f.errors, hint: 'A self-registered application that gets no authorization or token for this many days is deleted by the periodic clean-up. 0 to 3650; 0 or empty: never.', extra: html` min="0" max="3650" step="1" inputmode="numeric"` })}
</section>
${softwareStatementPanel(f)}
<div class="actions"><button class="btn" type="submit">Save</button></div>
</form>`;
}
