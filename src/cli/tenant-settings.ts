// `--set key=value` assignments for `latchkey tenant settings` (operators script these).
// They become one PATCH body, validated and merged by the same service as the Management API.
import { TenantSettingsPatch } from '../management/tenants/schema.ts';

export class SettingError extends Error {}

type SchemaNode = { type?: string; properties?: Record<string, SchemaNode>; anyOf?: SchemaNode[] };

function schemaFor(path: string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = TenantSettingsPatch as unknown as SchemaNode;
  for (const key of path) node = node?.properties && Object.hasOwn(node.properties, key) ? node.properties[key] : undefined;
  return node;
}

/** Plain text becomes the type the schema wants; the service then validates the whole patch. */
function parseValue(path: string, type: string | undefined, raw: string): unknown {
  switch (type) {
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw new SettingError(`${path} must be true or false`);
      return raw === 'true';
    case 'integer':
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new SettingError(`${path} must be a number`);
      return n;
    }
    case 'array':
      if (raw.trim().startsWith('[')) {
        try {
          return JSON.parse(raw);
        } catch {
          throw new SettingError(`${path} must be a JSON array or a comma-separated list`);
        }
      }
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return raw;
  }
}

/** `flags.enable_dynamic_client_registration=true` -> `{flags: {enable_dynamic_client_registration: true}}` */
export function settingAssignmentsToPatch(assignments: string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = Object.create(null);
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new SettingError(`"${assignment}" is not KEY=VALUE`);
    const path = assignment.slice(0, eq).split('.');
    if (path.length > 2 || path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) {
      throw new SettingError(`unknown setting "${assignment.slice(0, eq)}"`);
    }
    const node = schemaFor(path);
    // Objects are set key by key (flags.x=true), so only leaves of the schema are settable.
    if (!node || node.type === 'object') throw new SettingError(`unknown setting "${path.join('.')}"`);
    // A nullable knob (registration_policy.*) is its value's type, or `null` for "no restriction".
    const nullable = node.anyOf?.some((t) => t.type === 'null') ?? false;
    const type = node.type ?? node.anyOf?.find((t) => t.type !== 'null')?.type;
    const raw = assignment.slice(eq + 1);
    const value = nullable && raw === 'null' ? null : parseValue(path.join('.'), type, raw);
    const [head, leaf] = path as [string, string | undefined];
    if (leaf === undefined) patch[head] = value;
    else patch[head] = { ...((patch[head] as object | undefined) ?? {}), [leaf]: value };
  }
  return { ...patch };
}
