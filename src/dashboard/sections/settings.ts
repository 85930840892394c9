// Settings pages: one GET of the tenant settings to show, one PATCH to save (all or nothing).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services/container.ts';
import type { TenantSettings } from '../../domain/tenant.ts';
import type { ManagementErrorBody } from '../../management/errors.ts';
import { checked, fieldError, formBody, text, type FormBody } from '../form.ts';
import { noticeOf, redirectWithNotice, render, tenantPage, type Console } from '../context.ts';
import { advancedSettingsPage, advancedValues, generalSettingsPage, generalValues } from '../pages/settings.ts';
import { must, withNotice } from './common.ts';

const NOTICES = { saved: 'Settings saved.' };
const NOT_SAVED = 'Nothing was saved. Fix the field marked below and save again.';

/** A form number: sent as a number when it looks like one, else as typed (the API says why not). */
export function numberOrText(value: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

const GENERAL_FIELDS = {
  friendly_name: 'friendly_name',
  support_email: 'support_email',
  default_audience: 'default_audience',
  skip_non_verifiable_callback_uri_confirmation_prompt: 'skip_non_verifiable_callback_uri_confirmation_prompt',
};
const ADVANCED_FIELDS = {
  flags: 'enable_dynamic_client_registration',
  dynamic_client_registration_security_mode: 'dynamic_client_registration_security_mode',
  'registration_rate_limits.per_ip_burst': 'per_ip_burst',
  'registration_rate_limits.per_ip_per_second': 'per_ip_per_second',
  'registration_rate_limits.per_tenant_burst': 'per_tenant_burst',
  'registration_rate_limits.per_tenant_per_second': 'per_tenant_per_second',
  'registration_policy.max_clients': 'policy_max_clients',
  'registration_policy.max_metadata_bytes': 'policy_max_metadata_bytes',
  'registration_policy.allowed_grant_types': 'policy_allowed_grant_types',
  'registration_policy.allowed_token_endpoint_auth_methods': 'policy_allowed_token_endpoint_auth_methods',
  'registration_policy.blocked_redirect_hosts': 'policy_blocked_redirect_hosts',
  'registration_policy.allowed_redirect_uri_patterns': 'policy_allowed_redirect_uri_patterns',
  'registration_policy.allowed_scopes': 'policy_allowed_scopes',
  'registration_policy.software_statement_issuers': 'policy_software_statement_issuers',
  'registration_policy.software_statement_issuers.iss': 'policy_software_statement_issuers',
  'registration_policy.software_statement_issuers.jwks': 'policy_software_statement_issuers',
  'registration_policy.software_statement_issuers.jwks.keys': 'policy_software_statement_issuers',
  'registration_policy.software_statement_issuers.jwks_uri': 'policy_software_statement_issuers',
  'registration_policy.require_software_statement': 'policy_software_statement_issuers',
  'registration_policy.require_initial_access_token': 'policy_require_initial_access_token',
  registration_client_management_enabled: 'registration_client_management_enabled',
  client_id_metadata_document_supported: 'client_id_metadata_document_supported',
  'registration_policy.unused_client_ttl_days': 'policy_unused_client_ttl_days',
};

const POLICY_FIELDS = [
  'policy_max_clients',
  'policy_max_metadata_bytes',
  'policy_allowed_grant_types',
  'policy_allowed_token_endpoint_auth_methods',
  'policy_blocked_redirect_hosts',
  'policy_allowed_redirect_uri_patterns',
  'policy_allowed_scopes',
  'policy_software_statement_issuers',
  'policy_unused_client_ttl_days',
];

export class FormFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The trusted issuers textarea: a JSON list (the API checks its entries); empty means none. */
function issuersFromForm(value: string): unknown {
  if (value.trim() === '') return null;
  try {
    return JSON.parse(value);
  } catch {
    throw new FormFieldError(
      'policy_software_statement_issuers',
      'Enter a JSON list such as [{"iss": "https://vendor.example", "jwks_uri": "https://vendor.example/jwks.json"}].',
    );
  }
}

/**
 * The policy knobs the form sent (a form without them changes none): an empty limit or list
 * means no restriction (null).
 */
function policyPatch(body: FormBody, current: TenantSettings): Record<string, unknown> | undefined {
  const sent = (name: string) => Object.hasOwn(body, name);
  const limit = (name: string) => (text(body, name) === '' ? null : numberOrText(text(body, name)));
  const list = (name: string) => {
    const items = text(body, name)
      // Hosts and scopes may be separated by spaces too; patterns come one per line.
      .split(
        name === 'policy_allowed_redirect_uri_patterns'
          ? /[\r\n]+/
          : name === 'policy_blocked_redirect_hosts' || name === 'policy_allowed_scopes'
            ? /[\s,]+/
            : ',',
      )
      .map((x) => x.trim())
      .filter(Boolean);
    return items.length ? items : null;
  };
  const patch: Record<string, unknown> = {};
  if (sent('policy_max_clients')) patch.max_clients = limit('policy_max_clients');
  if (sent('policy_max_metadata_bytes')) patch.max_metadata_bytes = limit('policy_max_metadata_bytes');
  if (sent('policy_allowed_grant_types')) patch.allowed_grant_types = list('policy_allowed_grant_types');
  if (sent('policy_allowed_token_endpoint_auth_methods')) patch.allowed_token_endpoint_auth_methods = list('policy_allowed_token_endpoint_auth_methods');
  if (sent('policy_blocked_redirect_hosts')) patch.blocked_redirect_hosts = list('policy_blocked_redirect_hosts');
  if (sent('policy_allowed_redirect_uri_patterns')) patch.allowed_redirect_uri_patterns = list('policy_allowed_redirect_uri_patterns');
  if (sent('policy_allowed_scopes')) patch.allowed_scopes = list('policy_allowed_scopes');
  // The issuer list comes with its switch: the form shows both together.
  if (sent('policy_software_statement_issuers')) {
    patch.software_statement_issuers = issuersFromForm(text(body, 'policy_software_statement_issuers'));
    patch.require_software_statement = checked(body, 'policy_require_software_statement') || null;
  }
  // A checkbox is sent only when ticked; unticking one that was on turns it off, and a knob
  // never set stays unset (GET returns the knobs as they were set).
  if (checked(body, 'policy_require_initial_access_token')) patch.require_initial_access_token = true;
  else if (sent('policy_max_clients') && current.registration_policy.require_initial_access_token === true) patch.require_initial_access_token = false;
  if (sent('policy_unused_client_ttl_days')) patch.unused_client_ttl_days = limit('policy_unused_client_ttl_days');
  return Object.keys(patch).length ? patch : undefined;
}

function generalPatch(body: FormBody, current: TenantSettings): Record<string, unknown> {
  const supportEmail = text(body, 'support_email');
  return {
    friendly_name: text(body, 'friendly_name'),
    // An empty field leaves an unset email unset; clearing a set one is the API's call.
    ...(supportEmail || current.support_email ? { support_email: supportEmail } : {}),
    default_audience: text(body, 'default_audience'),
    skip_non_verifiable_callback_uri_confirmation_prompt: checked(body, 'skip_non_verifiable_callback_uri_confirmation_prompt'),
  };
}

function advancedPatch(body: FormBody, current: TenantSettings): Record<string, unknown> {
  const policy = policyPatch(body, current);
  return {
    flags: { enable_dynamic_client_registration: checked(body, 'enable_dynamic_client_registration') },
    registration_client_management_enabled: checked(body, 'registration_client_management_enabled'),
    client_id_metadata_document_supported: checked(body, 'client_id_metadata_document_supported'),
    dynamic_client_registration_security_mode: text(body, 'dynamic_client_registration_security_mode'),
    registration_rate_limits: {
      per_ip_burst: numberOrText(text(body, 'per_ip_burst')),
      per_ip_per_second: numberOrText(text(body, 'per_ip_per_second')),
      per_tenant_burst: numberOrText(text(body, 'per_tenant_burst')),
      per_tenant_per_second: numberOrText(text(body, 'per_tenant_per_second')),
    },
    ...(policy ? { registration_policy: policy } : {}),
  };
}

function refused(
  reply: FastifyReply,
  c: Console,
  error: ManagementErrorBody,
  fields: Record<string, string>,
  values: Record<string, string>,
  page: typeof generalSettingsPage,
) {
  const e = fieldError(error, fields);
  const errors = e.field ? { [e.field]: e.message } : {};
  const body = page({
    base: c.base,
    csrf: c.csrf,
    values,
    errors,
    alert: e.field ? NOT_SAVED : `Nothing was saved: ${e.message}`,
    ...(e.field ? { firstError: e.field } : {}),
  });
  return render(reply, c, 'Settings', 'settings', body, error.statusCode === 400 ? 400 : error.statusCode);
}

const submitted = (body: FormBody, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, text(body, n)]));

export function registerSettingsPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', '/settings', async (c, request, reply) => {
    const settings = must(await c.api.get<TenantSettings>('/tenants/settings'));
    const body = generalSettingsPage({ base: c.base, csrf: c.csrf, values: generalValues(settings), errors: {}, ...withNotice(noticeOf(request, NOTICES)) });
    return render(reply, c, 'Settings', 'settings', body);
  });

  tenantPage(app, root, services, 'POST', '/settings', async (c, request, reply) => {
    const body = formBody(request);
    const current = must(await c.api.get<TenantSettings>('/tenants/settings'));
    const res = await c.api.call('PATCH', '/tenants/settings', { body: generalPatch(body, current) });
    if (!res.ok) return refused(reply, c, res.error, GENERAL_FIELDS, submitted(body, Object.keys(generalValues(current))), generalSettingsPage);
    return redirectWithNotice(reply, `${c.base}/settings`, 'saved');
  });

  tenantPage(app, root, services, 'GET', '/settings/advanced', async (c, request, reply) => {
    const settings = must(await c.api.get<TenantSettings>('/tenants/settings'));
    const body = advancedSettingsPage({ base: c.base, csrf: c.csrf, values: advancedValues(settings), errors: {}, ...withNotice(noticeOf(request, NOTICES)) });
    return render(reply, c, 'Advanced settings', 'settings', body);
  });

  tenantPage(app, root, services, 'POST', '/settings/advanced', async (c, request, reply) => {
    const body = formBody(request);
    const current = must(await c.api.get<TenantSettings>('/tenants/settings'));
    let patch: Record<string, unknown>;
    try {
      patch = advancedPatch(body, current);
    } catch (err) {
      if (!(err instanceof FormFieldError)) throw err;
      const page = advancedSettingsPage({
        base: c.base,
        csrf: c.csrf,
        values: advancedFormValues(body),
        errors: { [err.field]: err.message },
        alert: NOT_SAVED,
        firstError: err.field,
      });
      return render(reply, c, 'Settings', 'settings', page, 400);
    }
    const res = await c.api.call('PATCH', '/tenants/settings', { body: patch });
    if (!res.ok) return refused(reply, c, res.error, ADVANCED_FIELDS, advancedFormValues(body), advancedSettingsPage);
    return redirectWithNotice(reply, `${c.base}/settings/advanced`, 'saved');
  });
}

/** What the advanced form shows again after a refusal: what was submitted. */
function advancedFormValues(body: FormBody): Record<string, string> {
  return {
    ...submitted(body, [
      'dynamic_client_registration_security_mode',
      'per_ip_burst',
      'per_ip_per_second',
      'per_tenant_burst',
      'per_tenant_per_second',
      ...POLICY_FIELDS,
    ]),
    enable_dynamic_client_registration: checked(body, 'enable_dynamic_client_registration') ? 'on' : '',
    registration_client_management_enabled: checked(body, 'registration_client_management_enabled') ? 'on' : '',
    client_id_metadata_document_supported: checked(body, 'client_id_metadata_document_supported') ? 'on' : '',
    policy_require_initial_access_token: checked(body, 'policy_require_initial_access_token') ? 'on' : '',
    policy_require_software_statement: checked(body, 'policy_require_software_statement') ? 'on' : '',
  };
}
