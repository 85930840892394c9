// Shared by the registration suites: a server with registration switched on, and a raw POST.
import type { TenantSettings } from '../../src/domain/tenant.ts';
import type { TestServer } from '../helpers/server.ts';

type SettingsPatch = Partial<Omit<TenantSettings, 'registration_rate_limits'>> & {
  registration_rate_limits?: Partial<TenantSettings['registration_rate_limits']>;
};

/** Limits high enough that suites sending many requests never meet them. */
export const NO_LIMITS = { per_ip_burst: 1e6, per_ip_per_second: 1e6, per_tenant_burst: 1e6, per_tenant_per_second: 1e6 };

/** Writes the default tenant's settings: registration on unless `enabled: false`, plus `patch`. */
export async function configureRegistration(server: TestServer, patch: SettingsPatch & { enabled?: boolean } = {}): Promise<string> {
  const { storage } = server.latchkey.services;
  const tenant = (await storage.tenants.findDefault())!;
  const { enabled = true, registration_rate_limits, ...rest } = patch;
  const settings: TenantSettings = {
    ...tenant.settings,
    dynamic_client_registration_security_mode: 'permissive',
    ...rest,
    flags: { ...tenant.settings.flags, enable_dynamic_client_registration: enabled },
    registration_rate_limits: { ...NO_LIMITS, ...registration_rate_limits },
  };
  await storage.tenants.updateSettings(tenant.id, () => settings);
  return tenant.id;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** POSTs to /oidc/register; a non-string body is sent as JSON. */
export async function register(url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
  const res = await fetch(`${url}/oidc/register`, {
    method: 'POST',
    headers: { 'user-agent': 'latchkey-test/1', ...headers },
    // bytes: fetch then sends no Content-Type at all
    body: typeof body === 'string' ? body : body instanceof Uint8Array ? new Blob([body as Uint8Array<ArrayBuffer>]) : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Paths of every null inside a JSON value. */
export function nullPaths(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object') return [];
  return Object.entries(value as object).flatMap(([k, v]) => nullPaths(v, `${path}.${k}`));
}
