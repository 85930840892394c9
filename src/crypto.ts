// Secrets we hand out and compare. Opaque secrets (authorization codes, refresh tokens, session
// ids, CSRF tokens): 256 random bits, base64url; only their SHA-256 is stored, so a copy of the
// database cannot replay them.
import { createHash, timingSafeEqual } from 'node:crypto';
import { secureRandomBytes } from './domain/ids.ts';

export const newOpaqueToken = (): string => secureRandomBytes(32).toString('base64url');

export const hashToken = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** Constant-time comparison of secrets (hashing first equalizes lengths). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
