// A tenant's signing keys.
import type { NewSigningKey, RevokeOutcome, SigningKeyRecord } from '../../domain/signing-key.ts';

export interface SigningKeyStore {
  create(key: NewSigningKey): Promise<void>;
  /** Oldest first. */
  list(): Promise<SigningKeyRecord[]>;
  /** "kid:status" of every key, oldest first: tells whether loaded keys are still the stored ones */
  versions(): Promise<string[]>;
  /** Adds x5c/x5t to the key's public JWK unless it has a certificate already; true if this call added it. */
  addCertificate(kid: string, members: { x5c: string[]; x5t: string }): Promise<boolean>;
  /** Adds `key` as the next key unless the tenant has one already; true if this call added it. */
  addNext(key: NewSigningKey): Promise<boolean>;
  /**
   * Atomically: the current key becomes previous, the next key becomes current, `replacement`
   * becomes the next key. Of concurrent rotations each happens once, one after the other.
   * Returns the new current key's kid, or null when the tenant has no next key, or when
   * `onlyIfCurrent` is given and is not (or no longer) the current key's kid.
   */
  rotate(replacement: NewSigningKey, at: Date, onlyIfCurrent?: string): Promise<string | null>;
  /** Revokes a previous key; otherwise says why not. */
  revoke(kid: string, at: Date): Promise<RevokeOutcome>;
}
