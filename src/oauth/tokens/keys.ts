// Per-tenant RS256 signing keys: generated once, private part sealed at rest, imported once
// per process and kept in memory; the JWKS document is serialized once per key change. A
// revoked key leaves the JWKS and the keys our own endpoints verify with as soon as the change
// reaches this instance. When the
// store reports a change (here or in another instance), the key list is compared, not reloaded.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { Storage } from '../../storage/ports.ts';
import { isStoreUnavailable } from '../../storage/sql/errors.ts';
import { STALE_WHILE_DOWN_MS } from '../../tenancy/tenant-resolver.ts';

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

export class KeyService {
  readonly #cache = new Map<string, TenantKeys>();
  readonly #loading = new Map<string, Promise<TenantKeys>>();
  /** until when the store is known to be down (epoch ms) */
  #downUntil = 0;

  constructor(private readonly storage: Storage) {}

  private async load(tenantId: string, generation: number): Promise<TenantKeys> {
    const records = await this.storage.forTenant(tenantId).signingKeys.list();
    const current = records.find((r) => r.status === 'current');
    if (!current) throw new Error(`tenant ${tenantId} has no current signing key`);
    // The current key first (for clients that take the first key), then the next key, published
    // before it signs anything, then previous keys, whose tokens keep verifying until revoked.
    const live = [current, ...records.filter((r) => r.status === 'next'), ...records.filter((r) => r.status === 'previous').reverse()];
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
}
