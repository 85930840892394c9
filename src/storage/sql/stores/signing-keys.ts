import type { Selectable } from 'kysely';
import type { SecretBox } from '../../secret-box.ts';
import type { NewSigningKey, RevokeOutcome, SigningKeyRecord, SigningKeyStore } from '../../ports.ts';
import { isUniqueViolation } from '../errors.ts';
import type { SigningKeysTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';

/** Binds a sealed private key to its tenant and kid (see SecretBox). */
export const signingKeyAad = (tenantId: string, kid: string) => `signing_key:${tenantId}:${kid}`;

/** A rotation that met another one half-way: it is rolled back and tried again on what that one left. */
class RotatedMeanwhile extends Error {}
const ROTATE_ATTEMPTS = 5;

const date = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));

export class SqlSigningKeyStore implements SigningKeyStore {
  constructor(
    private readonly scope: TenantScope,
    private readonly box: SecretBox,
  ) {}

  private aad(kid: string) {
    return signingKeyAad(this.scope.tenantId, kid);
  }

  private insert(scope: TenantScope, key: NewSigningKey, at: number) {
    return scope.insertInto('signing_keys', {
      kid: key.kid,
      alg: key.alg,
      public_jwk: JSON.stringify(key.publicJwk),
      private_key_sealed: this.box.seal(key.privateKeyPem, this.aad(key.kid)),
      status: key.status,
      created_at: at,
      current_since: key.status === 'current' ? at : null,
    });
  }

  async create(key: NewSigningKey) {
    await this.insert(this.scope, key, Date.now()).execute();
    this.scope.changed(undefined);
  }

  async addNext(key: NewSigningKey): Promise<boolean> {
    if (await this.scope.selectFrom('signing_keys').select('kid').where('status', '=', 'next').executeTakeFirst()) return false;
    try {
      // The unique index on (tenant_id) where status = 'next' decides between instances racing here.
      await this.insert(this.scope, { ...key, status: 'next' }, Date.now()).execute();
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    return this.scope.changed(true);
  }

  async rotate(replacement: NewSigningKey, at: Date, onlyIfCurrent?: string): Promise<string | null> {
    for (let attempt = 1; ; attempt++) {
      const rows = await this.scope.selectFrom('signing_keys').select(['kid', 'status']).where('status', 'in', ['current', 'next']).execute();
      const current = rows.find((r) => r.status === 'current');
      const next = rows.find((r) => r.status === 'next');
      if (!next || (onlyIfCurrent !== undefined && current?.kid !== onlyIfCurrent)) return null;
      try {
        return await this.scope.atomically(
          async (s) => {
            // Compare-and-set on the kids just read: a rotation that committed in between makes
            // one of these touch no row, and this one starts over.
            const demote = async (kid: string, from: string, set: Partial<SigningKeysTable>) => {
              const res = await s.updateTable('signing_keys').set(set).where('kid', '=', kid).where('status', '=', from).executeTakeFirst();
              if (Number(res.numUpdatedRows) !== 1) throw new RotatedMeanwhile();
            };
            const ms = at.getTime();
            if (current) await demote(current.kid, 'current', { status: 'previous', current_until: ms });
            await demote(next.kid, 'next', { status: 'current', current_since: ms });
            await this.insert(s, { ...replacement, status: 'next' }, ms).execute();
            return next.kid;
          },
          () => true,
        );
      } catch (err) {
        const raced = err instanceof RotatedMeanwhile || isUniqueViolation(err);
        if (!raced || attempt >= ROTATE_ATTEMPTS) throw err;
      }
    }
  }

  async revoke(kid: string, at: Date): Promise<RevokeOutcome> {
    const res = await this.scope
      .updateTable('signing_keys')
      .set({ status: 'revoked', revoked_at: at.getTime() })
      .where('kid', '=', kid)
      .where('status', '=', 'previous')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) return this.scope.changed('revoked');
    const row = await this.scope.selectFrom('signing_keys').select('status').where('kid', '=', kid).executeTakeFirst();
    if (!row) return 'not_found';
    return row.status === 'revoked' ? 'already_revoked' : (row.status as 'current' | 'next');
  }

  async versions(): Promise<string[]> {
    const rows = await this.scope.selectFrom('signing_keys').select(['kid', 'status']).orderBy('created_at').orderBy('kid').execute();
    return rows.map((r) => `${r.kid}:${r.status}`);
  }

  async addCertificate(kid: string, members: { x5c: string[]; x5t: string }): Promise<boolean> {
    const row = await this.scope.selectFrom('signing_keys').select('public_jwk').where('kid', '=', kid).executeTakeFirst();
    if (!row) return false;
    const jwk = JSON.parse(row.public_jwk) as Record<string, unknown>;
    if (jwk.x5c !== undefined) return false;
    // Compare-and-set on the stored text: of instances doing this at once, one writes.
    const res = await this.scope
      .updateTable('signing_keys')
      .set({ public_jwk: JSON.stringify({ ...jwk, ...members }) })
      .where('kid', '=', kid)
      .where('public_jwk', '=', row.public_jwk)
      .executeTakeFirst();
    return this.scope.changed(Number(res.numUpdatedRows) === 1);
  }

  async list(): Promise<SigningKeyRecord[]> {
    const rows = await this.scope.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('kid').execute();
    return rows.map((r) => this.record(r));
  }

  private record(r: Selectable<SigningKeysTable>): SigningKeyRecord {
    return {
      kid: r.kid,
      alg: r.alg as 'RS256',
      publicJwk: JSON.parse(r.public_jwk),
      privateKeyPem: this.box.open(r.private_key_sealed, this.aad(r.kid)),
      status: r.status as SigningKeyRecord['status'],
      createdAt: new Date(Number(r.created_at)),
      currentSince: date(r.current_since),
      currentUntil: date(r.current_until),
      revokedAt: date(r.revoked_at),
    };
  }
}
