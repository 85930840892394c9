// Checks shared by restore and import: is the target store empty, and does the master key the
// target will use open the sealed signing keys being brought in.
import { sql, type Kysely } from 'kysely';
import { SecretBox } from '../../secret-box.ts';
import type { Dialect } from '../database.ts';
import { TRANSFER_TABLES } from './tables.ts';

/**
 * Rows the store holds in the tables export carries (0 for a new database or one whose tables
 * exist but are empty). A store a server has started on holds at least its default tenant.
 */
export async function durableRows(db: Kysely<any>, dialect: Dialect): Promise<number> {
  const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const present = new Set((await db.introspection.getTables()).filter((t) => schema === undefined || t.schema === schema).map((t) => t.name));
  let rows = 0;
  for (const { name } of TRANSFER_TABLES) {
    if (!present.has(name)) continue;
    const { rows: r } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    rows += Number(r[0]!.n);
  }
  return rows;
}

/** Thrown when the master key does not open a sealed signing key. */
export class MasterKeyMismatch extends Error {}

/**
 * Opens one sealed private key with `key`. The AAD is the one the signing-key store seals
 * with (stores/signing-keys.ts): "signing_key:<tenant_id>:<kid>".
 */
export function checkSealedKey(key: Buffer, row: { tenant_id?: unknown; kid?: unknown; private_key_sealed?: unknown }): void {
  try {
    new SecretBox(key).open(String(row.private_key_sealed), `signing_key:${String(row.tenant_id)}:${String(row.kid)}`);
  } catch {
    throw new MasterKeyMismatch('the master key does not open the sealed signing keys');
  }
}

/** A checkRow hook for importStore: the first signing key decides, the rest are alike. */
export function signingKeyCheck(key: Buffer): (table: string, row: Record<string, unknown>) => void {
  let checked = false;
  return (table, row) => {
    if (checked || table !== 'signing_keys') return;
    checkSealedKey(key, row);
    checked = true;
  };
}
