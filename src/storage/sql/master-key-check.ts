// Before serving, the master key must open what the store holds: otherwise every token request
// would fail later with a decryption error far from its cause.
import type { Kysely } from 'kysely';
import { ConfigError } from '../../config/config.ts';
import type { SecretBox } from '../secret-box.ts';
import type { Database } from './schema.ts';
import { signingKeyAad } from './stores/signing-keys.ts';

/** True when the store holds no tenant yet (a master key may then be generated). */
export async function storeIsEmpty(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst()) === undefined;
}

/** Throws a one-line ConfigError naming where the key came from when it cannot open a stored key. */
export async function checkMasterKey(db: Kysely<Database>, box: SecretBox, source: string): Promise<void> {
  const sample = await db.selectFrom('signing_keys').select(['tenant_id', 'kid', 'private_key_sealed']).limit(1).executeTakeFirst();
  if (!sample) return;
  try {
    box.open(sample.private_key_sealed, signingKeyAad(sample.tenant_id, sample.kid));
  } catch {
    throw new ConfigError(
      'LATCHKEY_MASTER_KEY',
      `${source} cannot open the signing keys in this store: it is not the master key this data was sealed with; use that one`,
    );
  }
}
