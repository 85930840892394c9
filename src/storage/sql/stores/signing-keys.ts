import type { SecretBox } from '../../secret-box.ts';
import type { SigningKeyRecord, SigningKeyStore } from '../../ports.ts';
import type { TenantScope } from '../tenant-scope.ts';

/** Binds a sealed private key to its tenant and kid (see SecretBox). */
export const signingKeyAad = (tenantId: string, kid: string) => `signing_key:${tenantId}:${kid}`;

export class SqlSigningKeyStore implements SigningKeyStore {
  constructor(
    private readonly scope: TenantScope,
    private readonly box: SecretBox,
  ) {}

  private aad(kid: string) {
    return signingKeyAad(this.scope.tenantId, kid);
  }

  async create(key: Omit<SigningKeyRecord, 'createdAt'>) {
    await this.scope
      .insertInto('signing_keys', {
        kid: key.kid,
        alg: key.alg,
        public_jwk: JSON.stringify(key.publicJwk),
        private_key_sealed: this.box.seal(key.privateKeyPem, this.aad(key.kid)),
        status: key.status,
        created_at: Date.now(),
      })
      .execute();
    this.scope.changed(undefined);
  }

  async versions(): Promise<string[]> {
    const rows = await this.scope.selectFrom('signing_keys').select(['kid', 'status']).orderBy('created_at').execute();
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
    const rows = await this.scope.selectFrom('signing_keys').selectAll().orderBy('created_at').execute();
    return rows.map((r) => ({
      kid: r.kid,
      alg: r.alg as 'RS256',
      publicJwk: JSON.parse(r.public_jwk),
      privateKeyPem: this.box.open(r.private_key_sealed, this.aad(r.kid)),
      status: r.status as SigningKeyRecord['status'],
      createdAt: new Date(r.created_at),
    }));
  }
}
