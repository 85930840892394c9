import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { openStorage } from '../main.ts';
import { isValidTenantName, normalizeDomain } from '../domain/tenant.ts';
import { provisionTenant } from '../services/provisioning.ts';
import { issuerFor } from '../tenancy/issuer.ts';
import { SettingError, settingAssignmentsToPatch } from './tenant-settings.ts';
import { TenantSettingsService } from '../management/tenants/service.ts';
import { ManagementError } from '../management/errors.ts';
import { UsageError } from './usage-error.ts';
import { parseUnusedDays, pruneClients, pruneDays } from './prune-clients.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { Storage } from '../storage/ports.ts';
import { moveTenantDomain, storedManagementAudience, type DomainMove } from '../tenancy/tenant-domain.ts';
import { CREDENTIALS_FILE, writeCredentialsFile } from '../services/bootstrap.ts';
import type { TenantCredentials } from '../services/provisioning.ts';

export const TENANT_HELP = `latchkey tenant --help
Usage:
  latchkey tenant create --name NAME --domain HOST[:PORT] [--admin-email EMAIL] [--json]
      Creates a tenant with its signing key, Management API, a management client and an
      administrator, and prints their credentials (the shape of initial-credentials.json).
      Safe while a server runs on the same store; the server routes the domain within seconds.
  latchkey tenant list [--json]
      Lists tenants with their domain and issuer.
  latchkey tenant set-domain --name NAME --domain HOST[:PORT] | --domain https://HOST[:PORT]
      Moves a tenant to a new domain on purpose: its issuer, routing and Management API
      identifier (with the grants naming it) move together; running instances follow at once.
      The scheme stays as stored unless given. For the default tenant, start every instance
      from then on with PUBLIC_URL set to the new origin (a server refuses another one).
  latchkey tenant settings --name NAME [--get | --set KEY=VALUE ...]
      --get (the default) prints a tenant's settings as JSON. Each --set changes one (dotted
      keys; lists as a,b or JSON), e.g. --set flags.enable_dynamic_client_registration=true;
      all --set of one call are validated and applied together, as PATCH /api/v2/tenants/settings,
      and the resulting settings are printed.
  latchkey tenant prune-clients --name NAME [--unused-days N] [--dry-run]
      Deletes the tenant's dynamically registered clients (never those made through the
      Management API or first-party ones) whose last use, or registration if never used, is
      more than N days ago, with their grants, consents and refresh tokens, and prints each.
      Without --unused-days: the tenant's registration_policy.unused_client_ttl_days.
      --unused-days 0 deletes exactly those never used. --dry-run prints without deleting.
`;

export async function tenantCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    out.write(TENANT_HELP);
    return sub === undefined ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      name: { type: 'string' },
      domain: { type: 'string' },
      'admin-email': { type: 'string' },
      set: { type: 'string', multiple: true },
      get: { type: 'boolean' },
      json: { type: 'boolean' },
      'unused-days': { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(TENANT_HELP);
    return 0;
  }
  if (!['create', 'list', 'settings', 'set-domain', 'prune-clients'].includes(sub)) throw new UsageError(`unknown tenant command "${sub}"`);
  if (sub === 'create') {
    if (!values.name || !isValidTenantName(values.name)) throw new UsageError('--name is required: lower-case letters, digits and dashes, at most 63');
    const domain = values.domain && normalizeDomain(values.domain);
    if (!domain) throw new UsageError('--domain is required: HOST or HOST:PORT, e.g. acme.example.com or localhost:3001');
    if (values['admin-email'] !== undefined && !/^[^\s@]+@[^\s@]+$/.test(values['admin-email'])) throw new UsageError('--admin-email is not an email address');
  }
  if ((sub === 'settings' || sub === 'set-domain' || sub === 'prune-clients') && !values.name) throw new UsageError('--name is required');
  if (sub !== 'prune-clients' && (values['unused-days'] !== undefined || values['dry-run']))
    throw new UsageError('--unused-days and --dry-run belong to prune-clients');
  const unusedDays = sub === 'prune-clients' ? parseUnusedDays(values['unused-days']) : undefined;
  const target = sub === 'set-domain' ? parseDomainTarget(values.domain) : undefined;
  if (sub === 'settings' && values.get && values.set?.length) throw new UsageError('use either --get or --set');
  const patch = sub === 'settings' && values.set?.length ? toPatch(values.set) : undefined;

  const config = loadConfig();
  const storage = await openStorage(config);
  try {
    if (sub === 'create') {
      const { credentials } = await provisionTenant(storage, {
        name: values.name!,
        domain: normalizeDomain(values.domain!)!,
        isDefault: false,
        publicUrl: config.publicUrl,
        adminEmail: values['admin-email'],
      });
      out.write(values.json ? JSON.stringify(credentials, null, 2) + '\n' : formatCredentials(credentials));
      return 0;
    }
    if (sub === 'list') {
      const tenants = await storage.tenants.list();
      const rows = tenants.map((t) => ({ name: t.name, domain: t.domain, issuer: issuerFor(t, config.publicUrl), default: t.isDefault }));
      if (values.json) out.write(JSON.stringify(rows, null, 2) + '\n');
      else for (const r of rows) out.write(`${r.name.padEnd(24)} ${r.domain.padEnd(32)} ${r.issuer}${r.default ? '  (default)' : ''}\n`);
      return 0;
    }
    const tenant = await storage.tenants.findByName(values.name!);
    if (!tenant) throw new UsageError(`no tenant named "${values.name}"`);
    if (sub === 'prune-clients') return await pruneClients(storage, tenant, pruneDays(tenant, unusedDays), values['dry-run'] ?? false, out);
    if (target) {
      const scheme = target.scheme ?? (await currentScheme(storage, tenant.id, config.publicUrl));
      const move = await moveTenantDomain(storage, tenant, target.domain, scheme);
      if (tenant.isDefault) updateCredentialsFile(config.dataDir, move.to);
      out.write(
        `tenant "${tenant.name}" moved: ${move.from.issuer} -> ${move.to.issuer} (Management API: ${move.to.audience}); running instances follow now.\n` +
          (tenant.isDefault ? `Start every instance from now on with PUBLIC_URL=${move.to.issuer.replace(/\/$/, '')}\n` : ''),
      );
      return 0;
    }
    const service = new TenantSettingsService(storage);
    try {
      const settings = patch ? await service.update(tenant.id, patch) : await service.get(tenant.id);
      out.write(JSON.stringify(settings, null, 2) + '\n');
    } catch (e) {
      // The API's 400 text, e.g. "Payload validation error: 'Additional properties not allowed: x' ..."
      if (e instanceof ManagementError && e.statusCode === 400) throw new UsageError(e.message);
      throw e;
    }
    return 0;
  } finally {
    await storage.close();
  }
}

/** --domain HOST[:PORT] keeps the stored scheme; --domain http(s)://HOST[:PORT] sets it. */
function parseDomainTarget(raw: string | undefined): { domain: string; scheme?: string } {
  const usage = '--domain is required: HOST[:PORT] or http(s)://HOST[:PORT], e.g. id.example.com or https://id.example.com';
  if (!raw) throw new UsageError(usage);
  if (/^https?:\/\//i.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new UsageError(usage);
    }
    const domain = normalizeDomain(url.host);
    if (!domain || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) throw new UsageError(usage);
    return { domain, scheme: url.protocol };
  }
  const domain = normalizeDomain(raw);
  if (!domain) throw new UsageError(usage);
  return { domain };
}

async function currentScheme(storage: Storage, tenantId: string, publicUrl: string): Promise<string> {
  const audience = await storedManagementAudience(storage, tenantId);
  return new URL(audience ?? publicUrl).protocol;
}

/** initial-credentials.json keeps describing where the default tenant is. */
function updateCredentialsFile(dataDir: string, to: DomainMove['to']): void {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (!fs.existsSync(file)) return;
  const creds = JSON.parse(fs.readFileSync(file, 'utf8')) as TenantCredentials;
  writeCredentialsFile(dataDir, { ...creds, domain: to.domain, issuer: to.issuer, management: { ...creds.management, audience: to.audience } });
}

function toPatch(assignments: string[]): Record<string, unknown> {
  try {
    return settingAssignmentsToPatch(assignments);
  } catch (e) {
    if (e instanceof SettingError) throw new UsageError(e.message);
    throw e;
  }
}

function formatCredentials(c: TenantCredentials): string {
  return [
    `tenant:                    ${c.tenant}`,
    `domain:                    ${c.domain}`,
    `issuer:                    ${c.issuer}`,
    `management client_id:      ${c.management.client_id}`,
    `management client_secret:  ${c.management.client_secret}`,
    `management audience:       ${c.management.audience}`,
    `admin:                     ${c.admin.email} / ${c.admin.password}`,
    '',
  ].join('\n');
}
