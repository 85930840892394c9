// First start on an empty store: create the default tenant once and hand its credentials out.
import fs from 'node:fs';
import path from 'node:path';
import { DuplicateError, type Storage } from '../storage/ports.ts';
import { provisionTenant, type TenantCredentials } from './provisioning.ts';
import { issuerFor, publicUrlDomain } from '../tenancy/issuer.ts';
import { storedManagementAudience } from '../tenancy/tenant-domain.ts';
import { ConfigError } from '../config/config.ts';
import type { Tenant } from '../domain/tenant.ts';

export const CREDENTIALS_FILE = 'initial-credentials.json';

/**
 * Ensures the default tenant exists; returns its credentials only when this call created it.
 * An existing default tenant must live where PUBLIC_URL says: an instance started with another
 * PUBLIC_URL (a typo, a missing variable, a restored backup on another port) refuses to start
 * rather than re-home the tenant for every instance sharing the store.
 */
export async function ensureDefaultTenant(storage: Storage, publicUrl: string): Promise<TenantCredentials | null> {
  const domain = publicUrlDomain(publicUrl);
  const existing = await storage.tenants.findDefault();
  if (existing) {
    await checkPublicUrl(storage, existing, publicUrl);
    return null;
  }
  try {
    const { credentials } = await provisionTenant(storage, { name: 'default', domain, isDefault: true, publicUrl });
    return credentials;
  } catch (err) {
    // Another instance sharing the store won the race: it prints the credentials.
    const winner = err instanceof DuplicateError ? await storage.tenants.findDefault() : undefined;
    if (!winner) throw err;
    await checkPublicUrl(storage, winner, publicUrl);
    return null;
  }
}

/** Refuses, on one line, a PUBLIC_URL that is not the default tenant's stored home. */
async function checkPublicUrl(storage: Storage, tenant: Tenant, publicUrl: string): Promise<void> {
  const wanted = `${publicUrl}/`;
  const audience = await storedManagementAudience(storage, tenant.id);
  const stored = audience?.replace(/api\/v2\/$/, '') ?? issuerFor(tenant, publicUrl);
  if (tenant.domain === publicUrlDomain(publicUrl) && stored === wanted) return;
  const storedOrigin = stored.replace(/\/$/, '');
  const target = new URL(publicUrl).protocol === new URL(stored).protocol ? publicUrlDomain(publicUrl) : publicUrl;
  throw new ConfigError(
    'PUBLIC_URL',
    `is ${publicUrl}, but the default tenant in this store lives at ${storedOrigin}; start with PUBLIC_URL=${storedOrigin}, ` +
      `or move the tenant on purpose with: latchkey tenant set-domain --name default --domain ${target}`,
  );
}

/** Writes DATA_DIR/initial-credentials.json readable by its owner only (mode 0600). */
export function writeCredentialsFile(dataDir: string, credentials: TenantCredentials): string {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return file;
}
