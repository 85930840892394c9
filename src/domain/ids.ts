// Random identifiers in Auth0's formats (auth0-behaviour §1.4).
import { randomFillSync, randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Bytes from the CSPRNG, drawn a page at a time (one call per id or IV costs more than the id
// itself); each byte is handed out once.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** `n` fresh random bytes (a copy; never shared with another caller). */
export function secureRandomBytes(n: number): Buffer {
  if (n > pool.length) {
    const big = Buffer.alloc(n);
    randomFillSync(big);
    return big;
  }
  if (poolOffset + n > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
  pool.fill(0, poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}

/** Uniform random string over an alphabet (rejection sampling, no modulo bias). */
export function randomString(length: number, alphabet = ALNUM): string {
  const limit = 256 - (256 % alphabet.length);
  const chars: string[] = [];
  while (chars.length < length) {
    for (const byte of secureRandomBytes(length + 8)) {
      if (byte < limit) chars.push(alphabet[byte % alphabet.length]!);
      if (chars.length === length) break;
    }
  }
  return chars.join('');
}

// Digits, then upper, then lower case: ASCII order, so fixed-width strings sort like the numbers.
const SORTABLE = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `value` in base 62 over SORTABLE, left-padded to `width` characters. */
function sortable(value: number, width: number): string {
  let out = '';
  for (let v = Math.floor(value); v > 0; v = Math.floor(v / 62)) out = SORTABLE[v % 62] + out;
  return out.padStart(width, '0');
}

/**
 * client_id: 32 alphanumeric chars, Auth0's format. The first 8 encode the creation time in
 * milliseconds (sortable until the year 8000), the other 24 are random (143 bits): ids created
 * together land next to each other in the primary-key index, so a burst of registrations
 * touches a few index pages instead of one random page each. The time is public anyway
 * (client_id_issued_at, created_at); the random part keeps ids unguessable.
 */
export const newClientId = (): string => sortable(Date.now(), 8) + randomString(24);
/** client_secret: 64 chars of the base64url alphabet (48 random bytes). */
export const newClientSecret = (): string => secureRandomBytes(48).toString('base64url');
/** resource server id: 24 hex chars. */
export const newResourceServerId = (): string => secureRandomBytes(12).toString('hex');
/** user grant (consent) id: 24 hex chars. */
export const newConsentId = (): string => secureRandomBytes(12).toString('hex');
/** client grant id: cgr_ + 16 alphanumeric chars. */
export const newClientGrantId = (): string => `cgr_${randomString(16)}`;
/** Role id: rol_ + 16 chars, as Auth0. */
export const newRoleId = (): string => `rol_${randomString(16)}`;
export const newTenantId = (): string => `ten_${randomString(20)}`;
export const newOperatorId = (): string => `op_${randomString(20)}`;
let logSequence = 0;
const logTime = (ms: number): string => ms.toString(36).padStart(9, '0');
/** Log ids sort by creation time, also within one millisecond of one process. */
export const newLogId = (): string => `${logTime(Date.now())}${(logSequence++ % 46656).toString(36).padStart(3, '0')}${randomString(8)}`;
/** Every log id created before `ms` sorts below this; every one created at or after, not. */
export const logIdFloor = (ms: number): string => logTime(ms);
/** A password a person can copy: 24 chars, ~143 bits. */
export const newPassword = (): string => randomString(24);
export { randomInt };
/** user id: auth0| + 24 hex chars, as Auth0's database connection */
export const newUserId = (): string => `auth0|${secureRandomBytes(12).toString('hex')}`;

/** Initial access token id (RFC 7591 §3 tokens the owner hands out): not secret, shown in lists. */
export const newInitialAccessTokenId = (): string => `iat_${randomString(24)}`;
