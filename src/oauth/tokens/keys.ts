// Per-tenant RS256 signing keys: generated once, private part sealed at rest, imported once
// per process and kept in memory; the JWKS document is serialized once per key change. When the
// store reports a change (here or in another instance), the key list is compared, not reloaded.
import { createPrivateKey, createPublicKey, generateKeyPair as generateKeyPairCb, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { SigningKeyStore, Storage } from '../../storage/ports.ts';
import { certificateMembers, selfSignedCertificate } from './certificate.ts';
import { isStoreUnavailable } from '../../storage/sql/errors.ts';
import { STALE_WHILE_DOWN_MS } from '../../services/tenant-resolver.ts';

const generateKeyPair = promisify(generateKeyPairCb);

export interface ActiveKey {
  kid: string;
  alg: 'RS256';
  privateKey: KeyObject;
}

interface TenantKeys {
  current: ActiveKey;
  /** public KeyObjects by kid, for verifying our own tokens */
  publicKeys: Map<string, KeyObject>;
  jwksJson: string;
  /** the same without `alg` (tenant flag remove_alg_from_jwks) */
  jwksJsonWithoutAlg: string;
  loadedAt: number;
  /** the store's key versions these were loaded from */
  versions: string[];
  /** change-feed generation at which `versions` was last confirmed */
  generation: number;
}

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
    publicJwk: { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n: jwk.n!, e: jwk.e!, ...certificateMembers(selfSignedCertificate(privateKey, publicKey, commonName)) },
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

export class KeyService {
  readonly #cache = new Map<string, TenantKeys>();
  readonly #loading = new Map<string, Promise<TenantKeys>>();
  /** until when the store is known to be down (epoch ms) */
  #downUntil = 0;

  constructor(private readonly storage: Storage) {}

  private async load(tenantId: string, generation: number): Promise<TenantKeys> {
    const records = await this.storage.forTenant(tenantId).signingKeys.list();
    const live = records.filter((r) => r.status !== 'retired');
    const current = live.filter((r) => r.status === 'current').at(-1);
    if (!current) throw new Error(`tenant ${tenantId} has no current signing key`);
    const keys: TenantKeys = {
      current: { kid: current.kid, alg: current.alg, privateKey: createPrivateKey(current.privateKeyPem) },
      publicKeys: new Map(live.map((r) => [r.kid, createPublicKey({ key: r.publicJwk as JWK as any, format: 'jwk' })])),
      jwksJson: JSON.stringify({ keys: live.map((r) => r.publicJwk) }),
      jwksJsonWithoutAlg: JSON.stringify({ keys: live.map(({ publicJwk: { alg: _alg, ...rest } }) => rest) }),
      loadedAt: Date.now(),
      versions: records.map((r) => `${r.kid}:${r.status}`),
      generation,
    };
    this.#cache.set(tenantId, keys);
    return keys;
  }

  /** Keeps the loaded keys when the store still holds the same ones (most changes are not rotations). */
  private async revalidate(tenantId: string, cached: TenantKeys | undefined, generation: number): Promise<TenantKeys> {
    if (cached) {
      const versions = await this.storage.forTenant(tenantId).signingKeys.versions();
      if (versions.join(' ') === cached.versions.join(' ')) {
        cached.generation = generation;
        return cached;
      }
    }
    return this.load(tenantId, generation);
  }

  /**
   * While the store is unavailable the keys already loaded stay in use (the JWKS keeps being
   * served, our own tokens keep verifying); the store is asked again after STALE_WHILE_DOWN_MS.
   */
  private async keys(tenantId: string): Promise<TenantKeys> {
    const generation = this.storage.changes.generation();
    const cached = this.#cache.get(tenantId);
    if (cached?.generation === generation) return cached;
    if (cached && Date.now() < this.#downUntil) return cached;
    let pending = this.#loading.get(tenantId);
    if (!pending) {
      pending = this.revalidate(tenantId, cached, generation).finally(() => this.#loading.delete(tenantId));
      this.#loading.set(tenantId, pending);
    }
    try {
      return await pending;
    } catch (err) {
      if (!cached || !isStoreUnavailable(err)) throw err;
      this.#downUntil = Date.now() + STALE_WHILE_DOWN_MS;
      return cached;
    }
  }

  async signingKey(tenantId: string): Promise<ActiveKey> {
    return (await this.keys(tenantId)).current;
  }

  /** The tenant's JWKS document, serialized (RFC 7517 §5); without `alg` members if asked. */
  async jwksJson(tenantId: string, withAlg = true): Promise<string> {
    const keys = await this.keys(tenantId);
    return withAlg ? keys.jwksJson : keys.jwksJsonWithoutAlg;
  }

  async publicKey(tenantId: string, kid: string): Promise<KeyObject | undefined> {
    const keys = await this.keys(tenantId);
    const key = keys.publicKeys.get(kid);
    if (key || Date.now() - keys.loadedAt < 1000) return key;
    // An unknown kid may come from a rotation made by another instance: reload once.
    return (await this.load(tenantId, this.storage.changes.generation())).publicKeys.get(kid);
  }

  invalidate(tenantId: string) {
    this.#cache.delete(tenantId);
  }
}
