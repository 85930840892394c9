// `--set key=value` assignments for `latchkey tenant settings` (operators script these).
import { TENANT_FLAGS, type TenantSettings } from '../domain/tenant.ts';

export class SettingError extends Error {}

type Kind = 'boolean' | 'positive-number' | 'string' | 'mode';

function kindOf(path: string): Kind | null {
  const [head, leaf, ...more] = path.split('.');
  if (more.length) return null;
  if (head === 'flags' && leaf !== undefined) return (TENANT_FLAGS as readonly string[]).includes(leaf) ? 'boolean' : null;
  if (head === 'registration_rate_limits' && leaf !== undefined) {
    return ['per_ip_burst', 'per_ip_per_second', 'per_tenant_burst', 'per_tenant_per_second'].includes(leaf) ? 'positive-number' : null;
  }
  if (leaf !== undefined) return null;
  if (head === 'dynamic_client_registration_security_mode') return 'mode';
  if (head === 'friendly_name' || head === 'support_email' || head === 'support_url' || head === 'default_audience') return 'string';
  if (head === 'session_lifetime' || head === 'idle_session_lifetime') return 'positive-number';
  return null;
}

function parseValue(path: string, kind: Kind, raw: string): unknown {
  switch (kind) {
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw new SettingError(`${path} must be true or false`);
      return raw === 'true';
    case 'positive-number': {
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0) throw new SettingError(`${path} must be a positive number`);
      return n;
    }
    case 'mode':
      if (raw !== 'permissive' && raw !== 'strict') throw new SettingError(`${path} must be permissive or strict`);
      return raw;
    case 'string':
      return raw;
  }
}

/** Returns new settings with each `path=value` applied; unknown paths and bad values throw. */
export function applySettingAssignments(settings: TenantSettings, assignments: string[]): TenantSettings {
  const next: TenantSettings = structuredClone(settings);
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new SettingError(`"${assignment}" is not KEY=VALUE`);
    const path = assignment.slice(0, eq);
    const kind = kindOf(path);
    if (!kind) throw new SettingError(`unknown setting "${path}"`);
    const value = parseValue(path, kind, assignment.slice(eq + 1));
    const [head, leaf] = path.split('.') as [keyof TenantSettings, string | undefined];
    if (leaf === undefined) (next as any)[head] = value;
    else (next as any)[head] = { ...(next as any)[head], [leaf]: value };
  }
  return next;
}
