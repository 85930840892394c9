// Signing keys as the Management API shows them (Auth0's members), rotation and revocation.
import { X509Certificate } from 'node:crypto';
import type { Static } from 'typebox';
import type { SigningKeyRecord, TenantStores } from '../../storage/ports.ts';
import { certificatePem, pkcs7Pem } from '../../services/certificate.ts';
import { rotateSigningKeys } from '../../services/signing-keys.ts';
import type { RequestContext } from '../../tenancy/context.ts';
import { ManagementError, notFound } from '../errors.ts';
import type { KeyCertificateResponse, SigningKeyResponse } from './schema.ts';

function certificateDer(key: SigningKeyRecord): Buffer {
  const x5c = key.publicJwk.x5c;
  // Every key has a certificate: new ones from birth, older ones since addMissingCertificates.
  if (!Array.isArray(x5c) || typeof x5c[0] !== 'string') throw new Error(`signing key ${key.kid} has no certificate`);
  return Buffer.from(x5c[0], 'base64');
}

export function certificateView(key: SigningKeyRecord): Static<typeof KeyCertificateResponse> {
  return { cert: certificatePem(certificateDer(key)), kid: key.kid };
}

export function signingKeyView(key: SigningKeyRecord): Static<typeof SigningKeyResponse> {
  const der = certificateDer(key);
  const fingerprint = new X509Certificate(der).fingerprint;
  return {
    kid: key.kid,
    cert: certificatePem(der),
    pkcs7: pkcs7Pem(der),
    fingerprint,
    thumbprint: fingerprint.replaceAll(':', ''),
    current: key.status === 'current',
    next: key.status === 'next',
    previous: key.status === 'previous',
    ...(key.currentSince && { current_since: key.currentSince.toISOString() }),
    ...(key.currentUntil && { current_until: key.currentUntil.toISOString() }),
    revoked: key.status === 'revoked',
    ...(key.revokedAt && { revoked_at: key.revokedAt.toISOString() }),
  };
}

/** The tenant's keys, newest first (the next key, the current one, then older ones). */
export async function listSigningKeys(stores: TenantStores): Promise<SigningKeyRecord[]> {
  return (await stores.signingKeys.list()).reverse();
}

export async function findSigningKey(stores: TenantStores, kid: string): Promise<SigningKeyRecord> {
  const key = (await stores.signingKeys.list()).find((k) => k.kid === kid);
  if (!key) throw notFound('The signing key does not exist.');
  return key;
}

/** Makes the next key current (it is already in every client's cached JWKS) and creates a new next key. */
export async function rotateKeys(ctx: RequestContext): Promise<SigningKeyRecord> {
  const kid = await rotateSigningKeys(ctx.stores.signingKeys, ctx.tenant.domain);
  return findSigningKey(ctx.stores, kid);
}

const NOT_REVOCABLE = {
  current: 'The current signing key cannot be revoked. Rotate the keys first.',
  next: 'The next signing key cannot be revoked.',
  already_revoked: 'The signing key is already revoked.',
} as const;

/** Revokes a previous key: it leaves the JWKS, and tokens it signed stop verifying here. */
export async function revokeKey(stores: TenantStores, kid: string): Promise<SigningKeyRecord> {
  const outcome = await stores.signingKeys.revoke(kid, new Date());
  if (outcome === 'not_found') throw notFound('The signing key does not exist.');
  if (outcome !== 'revoked') throw new ManagementError(400, NOT_REVOCABLE[outcome], 'invalid_operation');
  return findSigningKey(stores, kid);
}
