// Tenant settings: validation and merge, shared by PATCH /api/v2/tenants/settings and
// `latchkey tenant settings --set` so that both accept and refuse the same things.
import type { TenantSettings } from '../../domain/tenant.ts';
import type { Storage } from '../../storage/ports.ts';
import { notFound } from '../errors.ts';
import { checkBody } from '../validation.ts';
import { TenantSettingsPatch, type TenantSettingsPatchBody } from './schema.ts';
import { checkSoftwareStatementIssuers } from './software-statement-issuers.ts';

/** Objects merged key by key (auth0-behaviour §2.3); every other key is replaced whole. */
const MERGED_OBJECTS = new Set(['flags', 'registration_rate_limits', 'registration_policy']);
/** Optional strings that an empty string clears. */
const CLEARABLE = new Set(['default_audience']);

export function mergeSettings(current: TenantSettings, patch: TenantSettingsPatchBody): TenantSettings {
  const next = structuredClone(current) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (MERGED_OBJECTS.has(key)) next[key] = { ...(next[key] as object), ...(value as object) };
    else if (CLEARABLE.has(key) && value === '') delete next[key];
    else next[key] = value;
  }
  return next as unknown as TenantSettings;
}

export class TenantSettingsService {
  constructor(
    private readonly storage: Storage,
    /** called after a change (the HTTP app drops its cached tenants) */
    private readonly onChange: () => void = () => {},
  ) {}

  async get(tenantId: string): Promise<TenantSettings> {
    const tenant = await this.storage.tenants.findById(tenantId);
    if (!tenant) throw notFound('The tenant does not exist', 'inexistent_tenant');
    return tenant.settings;
  }

  /** Validates `patch` (400 invalid_body otherwise), merges it and returns the full settings. */
  async update(tenantId: string, patch: unknown): Promise<TenantSettings> {
    checkBody(TenantSettingsPatch, patch);
    checkSoftwareStatementIssuers((patch as TenantSettingsPatchBody).registration_policy?.software_statement_issuers);
    const next = await this.storage.tenants.updateSettings(tenantId, (current) => mergeSettings(current, patch as TenantSettingsPatchBody));
    if (!next) throw notFound('The tenant does not exist', 'inexistent_tenant');
    this.onChange();
    return next;
  }
}
