// Signing key material: a new RS256 key pair with the self-signed certificate Auth0's JWKS
// carries (x5c, x5t), and certificates for keys stored before keys had one. Used when a tenant
// is provisioned and when keys are rotated; KeyService (oauth/tokens/keys.ts) loads and uses them.
import { createPrivateKey, createPublicKey, generateKeyPair as generateKeyPairCb } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { SigningKeyStore, Storage } from '../storage/ports.ts';
import { certificateMembers, selfSignedCertificate } from './certificate.ts';

const generateKeyPair = promisify(generateKeyPairCb);

/**
 * New RSA 2048 key in the shape SigningKeyStore stores; its public JWK carries a self-signed
 * certificate for `commonName` (the tenant's domain), as Auth0's JWKS does.
 */
export async function generateSigningKey(commonName: string): Promise<{ kid: string; alg: 'RS256'; publicJwk: JWK; privateKeyPem: string; status: 'current' }> {
  const { publicKey, privateKey } = await generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n!, e: jwk.e! });
  return {
    kid,
    alg: 'RS256',
    publicJwk: {
      kty: 'RSA',
      use: 'sig',
      alg: 'RS256',
      kid,
      n: jwk.n!,
      e: jwk.e!,
      ...certificateMembers(selfSignedCertificate(privateKey, publicKey, commonName)),
    },
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    status: 'current',
  };
}

export async function createSigningKey(store: SigningKeyStore, commonName: string): Promise<string> {
  const key = await generateSigningKey(commonName);
  await store.create(key);
  return key.kid;
}

/** Gives a certificate to every live key created before keys had one. Safe to run on every start, from any instance. */
export async function addMissingCertificates(storage: Storage): Promise<number> {
  let added = 0;
  for (const tenant of await storage.tenants.list()) {
    const store = storage.forTenant(tenant.id).signingKeys;
    for (const key of await store.list()) {
      if (key.status === 'retired' || key.publicJwk.x5c !== undefined) continue;
      const privateKey = createPrivateKey(key.privateKeyPem);
      const der = selfSignedCertificate(privateKey, createPublicKey(privateKey), tenant.domain);
      if (await store.addCertificate(key.kid, certificateMembers(der))) added++;
    }
  }
  return added;
}
