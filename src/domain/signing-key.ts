// A signing key as the store keeps it (the private part decrypted), and its life as at Auth0:
// created as the next key (published, signing nothing), made current by a rotation (signs
// tokens), made previous by the rotation after (still published, so the tokens it signed keep
// verifying), and revoked by its owner (unpublished; its tokens stop verifying).

export type SigningKeyStatus = 'next' | 'current' | 'previous' | 'revoked';

export interface SigningKeyRecord {
  kid: string;
  alg: 'RS256';
  publicJwk: Record<string, unknown>;
  /** PKCS#8 PEM, decrypted */
  privateKeyPem: string;
  status: SigningKeyStatus;
  createdAt: Date;
  currentSince: Date | null;
  currentUntil: Date | null;
  revokedAt: Date | null;
}

/** What a new key needs: it starts as the tenant's first current key or as a next key. */
export type NewSigningKey = Pick<SigningKeyRecord, 'kid' | 'alg' | 'publicJwk' | 'privateKeyPem'> & { status: 'current' | 'next' };

/** Published in the JWKS, and accepted on our own tokens. */
export const isPublished = (status: SigningKeyStatus): boolean => status !== 'revoked';

/** Why a key could not be revoked: only a previous key can be (the current one signs, the next one will). */
export type RevokeOutcome = 'revoked' | 'not_found' | 'current' | 'next' | 'already_revoked';
