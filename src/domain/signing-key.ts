// A signing key as the store keeps it (the private part decrypted).

export interface SigningKeyRecord {
  kid: string;
  alg: 'RS256';
  publicJwk: Record<string, unknown>;
  /** PKCS#8 PEM, decrypted */
  privateKeyPem: string;
  status: 'current' | 'next' | 'retired';
  createdAt: Date;
}
