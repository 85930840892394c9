// First start on an empty store: create the default tenant once and hand its credentials out.
import fs from 'node:fs';
import path from 'node:path';
import { DuplicateError, type Storage } from '../storage/ports.ts';
import { provisionTenant, type TenantCredentials } from './provisioning.ts';
import { issuerFor, managementAudience, publicUrlDomain } from './issuer.ts';

export const CREDENTIALS_FILE = 'initial-credentials.json';

/**
 * Ensures the default tenant exists; returns its credentials only when this call created it.
 * The default tenant follows PUBLIC_URL: its domain is updated when PUBLIC_URL's host changes.
 */
export async function ensureDefaultTenant(storage: Storage, publicUrl: string): Promise<TenantCredentials | null> {
  const domain = publicUrlDomain(publicUrl);
  const existing = await storage.tenants.findDefault();
  if (existing) {
    if (existing.domain !== domain) await followPublicUrl(storage, existing.id, domain, publicUrl);
    return null;
  }
  try {
    const { credentials } = await provisionTenant(storage, { name: 'default', domain, isDefault: true, publicUrl });
    return credentials;
  } catch (err) {
    // Another instance sharing the store won the race: it prints the credentials.
    if (err instanceof DuplicateError && (await storage.tenants.findDefault())) return null;
    throw err;
  }
}

/**
 * PUBLIC_URL moved: route the new host to the default tenant and move its Management API to the
 * new issuer's audience, grants included, so management tokens keep working. One transaction.
 */
async function followPublicUrl(storage: Storage, tenantId: string, domain: string, publicUrl: string): Promise<void> {
  await storage.transaction(async (tx) => {
    await tx.tenants.updateDomain(tenantId, domain);
    const stores = tx.forTenant(tenantId);
    const audience = managementAudience(issuerFor({ domain, isDefault: true }, publicUrl));
    const { items } = await stores.resourceServers.list(0, 1000);
    const system = items.find((rs) => rs.is_system);
    if (system && system.identifier !== audience) await stores.resourceServers.changeIdentifier(system.id, audience);
  });
}

/** Writes DATA_DIR/initial-credentials.json readable by its owner only (mode 0600). */
export function writeCredentialsFile(dataDir: string, credentials: TenantCredentials): string {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, CREDENTIALS_FILE);
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return file;
}
