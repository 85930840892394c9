// `latchkey keys list|rotate|revoke --tenant NAME [--kid KID]`: a tenant's signing keys, as
// /api/v2/keys/signing shows and changes them. Safe while servers run on the same store: they
// pick up a rotation or a revocation as soon as it is committed.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { openStorage } from '../main.ts';
import { ManagementError } from '../management/errors.ts';
import { findSigningKey, listSigningKeys, revokeKey, signingKeyView } from '../management/keys/service.ts';
import { rotateSigningKeys } from '../services/signing-keys.ts';
import type { SigningKeyRecord } from '../storage/ports.ts';
import { UsageError } from './usage-error.ts';

export const KEYS_HELP = `latchkey keys --help
Usage:
  latchkey keys list --tenant NAME [--json]
      Lists the tenant's signing keys, newest first: kid, state (next, current, previous,
      revoked) and when each became current, stopped being current or was revoked.
      --json prints them as GET /api/v2/keys/signing does.
  latchkey keys rotate --tenant NAME
      The next key (already published) becomes current, the current key becomes previous
      (still published), and a new next key is created. Prints the new current kid.
  latchkey keys revoke --tenant NAME --kid KID
      Revokes a previous key: it leaves the JWKS on every instance, and tokens it signed no
      longer verify. The current and the next key cannot be revoked.
`;

const when = (d: Date | null) => (d ? d.toISOString() : '-');

function line(k: SigningKeyRecord): string {
  return `${k.kid.padEnd(44)} ${k.status.padEnd(9)} current since ${when(k.currentSince).padEnd(24)} until ${when(k.currentUntil).padEnd(24)} revoked ${when(k.revokedAt)}\n`;
}

export async function keysCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    out.write(KEYS_HELP);
    return sub === undefined ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: { tenant: { type: 'string' }, kid: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out.write(KEYS_HELP);
    return 0;
  }
  if (!['list', 'rotate', 'revoke'].includes(sub)) throw new UsageError(`unknown keys command "${sub}"`);
  if (!values.tenant) throw new UsageError('--tenant is required');
  if (sub === 'revoke' && !values.kid) throw new UsageError('--kid is required: the key to revoke (see latchkey keys list)');
  if (sub !== 'revoke' && values.kid !== undefined) throw new UsageError('--kid belongs to revoke');
  if (sub !== 'list' && values.json) throw new UsageError('--json belongs to list');

  const storage = await openStorage(loadConfig());
  try {
    const tenant = await storage.tenants.findByName(values.tenant);
    if (!tenant) throw new UsageError(`no tenant named "${values.tenant}"`);
    const stores = storage.forTenant(tenant.id);
    if (sub === 'list') {
      const keys = await listSigningKeys(stores);
      if (values.json) out.write(JSON.stringify(keys.map(signingKeyView), null, 2) + '\n');
      else for (const k of keys) out.write(line(k));
      return 0;
    }
    if (sub === 'rotate') {
      const kid = await rotateSigningKeys(stores.signingKeys, tenant.domain);
      const next = (await listSigningKeys(stores)).find((k) => k.status === 'next');
      out.write(`tenant "${tenant.name}": ${kid} is now the current signing key; the new next key is ${next?.kid ?? '-'}.\n`);
      return 0;
    }
    try {
      await revokeKey(stores, values.kid!);
    } catch (e) {
      if (e instanceof ManagementError) throw new Error(`cannot revoke ${values.kid}: ${e.message}`);
      throw e;
    }
    const revoked = await findSigningKey(stores, values.kid!);
    out.write(`tenant "${tenant.name}": ${revoked.kid} revoked; it is no longer published and tokens it signed no longer verify.\n`);
    return 0;
  } finally {
    await storage.close();
  }
}
