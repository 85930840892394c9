// What `latchkey export` / `latchkey import` carry, and the file format they share.
//
// The schema uses portable column types only (text, integer 0/1 booleans, bigint epoch ms,
// JSON kept as text; PostgreSQL's int8 parses to Number), so a row read from one dialect can
// be inserted as it is into the other: the copy is generic, table by table.
import type { Database } from '../schema.ts';

export const EXPORT_FORMAT = 'latchkey-export';
export const EXPORT_VERSION = 1;

export interface TransferTable {
  name: keyof Database;
  /** Primary-key columns: export pages through a table in this order (keyset pagination). */
  key: readonly string[];
}

/**
 * Durable tables, parents first: import inserts in this order, so every foreign key
 * (tenant_id -> tenants, operator_id -> operators) finds its row already there.
 */
export const TRANSFER_TABLES: readonly TransferTable[] = [
  { name: 'tenants', key: ['id'] },
  { name: 'operators', key: ['id'] },
  { name: 'operator_tenants', key: ['operator_id', 'tenant_id'] },
  // Private keys stay sealed: the importing store needs the same master key.
  { name: 'signing_keys', key: ['tenant_id', 'kid'] },
  { name: 'clients', key: ['tenant_id', 'client_id'] },
  { name: 'resource_servers', key: ['tenant_id', 'id'] },
  { name: 'client_grants', key: ['tenant_id', 'id'] },
  // Connection-client links live in the connection's data (enabled_clients).
  { name: 'connections', key: ['tenant_id', 'id'] },
  // Initial access tokens stay hashed: the plaintext was shown once, to the owner.
  { name: 'initial_access_tokens', key: ['tenant_id', 'id'] },
  // The SMTP password stays sealed: the importing store needs the same master key.
  { name: 'email_providers', key: ['tenant_id'] },
  { name: 'attack_protection', key: ['tenant_id'] },
  { name: 'users', key: ['tenant_id', 'user_id'] },
  // Tickets stay hashed: their links, already mailed, keep working until they expire.
  { name: 'user_tickets', key: ['tenant_id', 'ticket_hash'] },
  { name: 'roles', key: ['tenant_id', 'id'] },
  { name: 'role_permissions', key: ['tenant_id', 'role_id', 'resource_server_id', 'permission_name'] },
  { name: 'user_roles', key: ['tenant_id', 'user_id', 'role_id'] },
  { name: 'user_permissions', key: ['tenant_id', 'user_id', 'resource_server_id', 'permission_name'] },
  { name: 'consent_grants', key: ['tenant_id', 'user_id', 'client_id', 'audience'] },
  // Apps keep offline access: refresh tokens outlive sign-in sessions.
  { name: 'refresh_tokens', key: ['tenant_id', 'token_hash'] },
  { name: 'tenant_logs', key: ['tenant_id', 'id'] },
];

/**
 * Short-lived rows that are not carried over: users sign in again, codes in flight expire
 * within minutes, rate-limit buckets and failure counts start afresh; used client assertions
 * (private_key_jwt jti values) expire within minutes too.
 */
export const SKIPPED_TABLES: readonly (keyof Database)[] = [
  'login_sessions',
  'authorization_codes',
  'rate_limit_buckets',
  'login_failures',
  'operator_sessions',
  'client_assertion_jtis',
];

const KNOWN = new Set<string>([...TRANSFER_TABLES.map((t) => t.name), ...SKIPPED_TABLES, 'kysely_migration', 'kysely_migration_lock']);

/**
 * Tables of a store that this list does not account for. A migration that adds a table must
 * add it above (or to SKIPPED_TABLES); until then export refuses rather than drop its rows.
 */
export function unaccountedTables(present: readonly string[]): string[] {
  return present.filter((t) => !KNOWN.has(t));
}

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: number;
  exported_at: string;
  dialect: string;
  /** migrations applied to the exported store: an importer that lacks one refuses the file */
  migrations: string[];
  tables: string[];
}

export interface ExportTrailer {
  end: true;
  counts: Record<string, number>;
  total: number;
}

/** One line per row: table name and the row as stored. */
export interface ExportRow {
  t: string;
  r: Record<string, unknown>;
}

export function transferTable(name: string): TransferTable | undefined {
  return TRANSFER_TABLES.find((t) => t.name === name);
}
