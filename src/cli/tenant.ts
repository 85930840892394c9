import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { openStorage } from '../main.ts';
import { isValidTenantName, normalizeDomain } from '../domain/tenant.ts';
import { provisionTenant } from '../services/provisioning.ts';
import { issuerFor } from '../services/issuer.ts';
import { applySettingAssignments } from '../services/tenant-settings-cli.ts';
import { UsageError } from './index.ts';

export const TENANT_HELP = `latchkey tenant --help
Usage:
  latchkey tenant create --name NAME --domain HOST[:PORT] [--admin-email EMAIL] [--json]
      Creates a tenant with its signing key, Management API, a management client and an
      administrator, and prints their credentials (the shape of initial-credentials.json).
      Safe while a server runs on the same store; the server routes the domain within seconds.
  latchkey tenant list [--json]
      Lists tenants with their domain and issuer.
  latchkey tenant settings --name NAME [--set KEY=VALUE ...] [--json]
      Prints a tenant's settings; each --set changes one (dotted keys, JSON or plain values),
      e.g. --set flags.enable_dynamic_client_registration=true
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
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(TENANT_HELP);
    return 0;
  }
  if (!['create', 'list', 'settings'].includes(sub)) throw new UsageError(`unknown tenant command "${sub}"`);
  if (sub === 'create') {
    if (!values.name || !isValidTenantName(values.name)) throw new UsageError('--name is required: lower-case letters, digits and dashes, at most 63');
    const domain = values.domain && normalizeDomain(values.domain);
    if (!domain) throw new UsageError('--domain is required: HOST or HOST:PORT, e.g. acme.example.com or localhost:3001');
    if (values['admin-email'] !== undefined && !/^[^\s@]+@[^\s@]+$/.test(values['admin-email'])) throw new UsageError('--admin-email is not an email address');
  }
  if (sub === 'settings' && !values.name) throw new UsageError('--name is required');

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
    let settings = tenant.settings;
    if (values.set?.length) {
      settings = applySettingAssignments(settings, values.set);
      await storage.tenants.updateSettings(tenant.id, settings);
    }
    out.write(JSON.stringify(settings, null, 2) + '\n');
    return 0;
  } finally {
    await storage.close();
  }
}

function formatCredentials(c: import('../services/provisioning.ts').TenantCredentials): string {
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
