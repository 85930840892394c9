// Signing key material: a new RS256 key pair with the self-signed certificate Auth0's JWKS
// carries (x5c, x5t), and certificates for keys stored before keys had one. Used when a tenant
// is provisioned and when keys are rotated; KeyService (oauth/tokens/keys.ts) loads and uses them.
// As at Auth0 a tenant always has a next key, published before it signs anything, so that a
// client which cached the JWKS already knows the key a rotation makes current.
import { createPrivateKey, createPublicKey, generateKeyPair as generateKeyPairCb } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Tenant } from '../domain/tenant.ts';
import type { NewSigningKey, SigningKeyStore, Storage } from '../storage/ports.ts';
import { certificateMembers, selfSignedCertificate } from './certificate.ts';

const generateKeyPair = promisify(generateKeyPairCb);

/**
 * New RSA 2048 key in the shape SigningKeyStore stores; its public JWK carries a self-signed
 * certificate for `commonName` (the tenant's domain), as Auth0's JWKS does.
 */
export async function generateSigningKey(commonName: string, status: NewSigningKey['status'] = 'current'): Promise<NewSigningKey & { publicJwk: JWK }> {
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
    status,
  };
}

/** A new tenant's keys: the current one and the next one. Returns the current key's kid. */
export async function createSigningKeys(store: SigningKeyStore, commonName: string): Promise<string> {
  const [current, next] = await Promise.all([generateSigningKey(commonName), generateSigningKey(commonName, 'next')]);
  await store.create(current);
  await store.create(next);
  return current.kid;
}

/** Rotates the tenant's keys (see SigningKeyStore.rotate); returns the new current key's kid. */
export async function rotateSigningKeys(store: SigningKeyStore, commonName: string, at = new Date()): Promise<string> {
  const replacement = await generateSigningKey(commonName, 'next');
  const kid = await store.rotate(replacement, at);
  if (kid) return kid;
  // A tenant without a next key (never after the first start): give it one, then rotate.
  await store.addNext(await generateSigningKey(commonName, 'next'));
  const again = await store.rotate(replacement, at);
  if (!again) throw new Error('signing key rotation found no next key');
  return again;
}

const DAY_MS = 86_400_000;

/**
 * The tenant's scheduled rotation (settings.signing_keys_rotation_days), when due: once the
 * current key has signed that long. Of instances doing this at once, one rotates: the rotation
 * happens only while the key found due is still the current one. Returns the new current kid.
 */
export async function rotateIfDue(store: SigningKeyStore, tenant: Pick<Tenant, 'domain' | 'settings'>, now: Date): Promise<string | null> {
  const days = tenant.settings.signing_keys_rotation_days;
  if (!days) return null;
  const current = (await store.list()).find((k) => k.status === 'current');
  const since = current?.currentSince ?? current?.createdAt;
  if (!current || !since || now.getTime() - since.getTime() < days * DAY_MS) return null;
  return store.rotate(await generateSigningKey(tenant.domain, 'next'), now, current.kid);
}

/**
 * Gives every tenant without a next key one (tenants created before rotation existed). Safe on
 * every start from any number of instances: the store adds one next key per tenant, once.
 */
export async function addMissingNextKeys(storage: Storage): Promise<number> {
  let added = 0;
  for (const tenant of await storage.tenants.list()) {
    const store = storage.forTenant(tenant.id).signingKeys;
    if ((await store.versions()).some((v) => v.endsWith(':next'))) continue;
    if (await store.addNext(await generateSigningKey(tenant.domain, 'next'))) added++;
  }
  return added;
}

/** Gives a certificate to every live key created before keys had one. Safe to run on every start, from any instance. */
export async function addMissingCertificates(storage: Storage): Promise<number> {
  let added = 0;
  for (const tenant of await storage.tenants.list()) {
    const store = storage.forTenant(tenant.id).signingKeys;
    for (const key of await store.list()) {
      if (key.status === 'revoked' || key.publicJwk.x5c !== undefined) continue;
      const privateKey = createPrivateKey(key.privateKeyPem);
      const der = selfSignedCertificate(privateKey, createPublicKey(privateKey), tenant.domain);
      if (await store.addCertificate(key.kid, certificateMembers(der))) added++;
    }
  }
  return added;
}
