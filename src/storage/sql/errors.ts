import { DuplicateError, StoreUnavailableError } from '../ports.ts';

/** True for a unique/primary-key violation on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True for any constraint violation (SQLite SQLITE_CONSTRAINT_*, PostgreSQL class 23). */
export function isConstraintViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code));
}

/** Runs a write and turns a unique violation into DuplicateError(what). */
export async function uniquely<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DuplicateError(what);
    throw err;
  }
}

/**
 * SQLSTATEs that mean "the server cannot serve this now", not "the statement is wrong":
 * class 08 (connection exception), 53 (insufficient resources), 57P01-57P03 (admin shutdown,
 * crash shutdown, cannot connect now), 57014 (statement_timeout cancelled the query).
 */
function isUnavailableCode(code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || code === '57P01' || code === '57P02' || code === '57P03' || code === '57014';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_MESSAGES =
  /Connection terminated|Query read timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|not queryable/i;

/** True when `err` says the store failed, rather than the statement. */
export function isStoreFailure(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && (isUnavailableCode(code) || NETWORK_CODES.has(code))) return true;
  return err instanceof Error && CONNECTION_MESSAGES.test(err.message);
}

/** SQLite: another process held the write lock for longer than busy_timeout. */
const SQLITE_BUSY = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED']);

/** True when a request failed because the store could not serve it now (answer 503, not 500). */
export function isStoreUnavailable(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && SQLITE_BUSY.has(code)) return true;
  const cause = (err as { cause?: unknown })?.cause;
  return isStoreFailure(err) || (cause !== undefined && cause !== err && cause instanceof StoreUnavailableError);
}
