// A tenant's signing keys.
import type { SigningKeyRecord } from '../../domain/signing-key.ts';

export interface SigningKeyStore {
  create(key: Omit<SigningKeyRecord, 'createdAt'>): Promise<void>;
  list(): Promise<SigningKeyRecord[]>;
  /** "kid:status" of every key, oldest first: tells whether loaded keys are still the stored ones */
  versions(): Promise<string[]>;
  /** Adds x5c/x5t to the key's public JWK unless it has a certificate already; true if this call added it. */
  addCertificate(kid: string, members: { x5c: string[]; x5t: string }): Promise<boolean>;
}
