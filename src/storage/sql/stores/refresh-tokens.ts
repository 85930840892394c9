import type { RefreshTokenRecord, RefreshTokenStore } from '../../ports.ts';
import type { TenantScope } from '../tenant-scope.ts';

interface TokenData {
  scopes: string[];
  sid?: string;
  authTime: number;
}

export class SqlRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly scope: TenantScope) {}

  async create(tokenHash: string, t: RefreshTokenRecord) {
    const data: TokenData = { scopes: t.scopes, authTime: t.authTime, ...(t.sid ? { sid: t.sid } : {}) };
    await this.scope
      .insertInto('refresh_tokens', {
        token_hash: tokenHash,
        family_id: t.familyId,
        client_id: t.clientId,
        user_id: t.userId,
        audience: t.audience,
        data: JSON.stringify(data),
        created_at: t.createdAt.getTime(),
        expires_at: t.expiresAt.getTime(),
        rotated_at: t.rotatedAt?.getTime() ?? null,
        revoked_at: t.revokedAt?.getTime() ?? null,
      })
      .execute();
  }

  async find(tokenHash: string) {
    const r = await this.scope.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!r) return undefined;
    const data = JSON.parse(r.data) as TokenData;
    return {
      familyId: r.family_id,
      clientId: r.client_id,
      userId: r.user_id,
      audience: r.audience,
      scopes: data.scopes,
      authTime: data.authTime,
      ...(data.sid ? { sid: data.sid } : {}),
      createdAt: new Date(r.created_at),
      expiresAt: new Date(r.expires_at),
      ...(r.rotated_at !== null ? { rotatedAt: new Date(r.rotated_at) } : {}),
      ...(r.revoked_at !== null ? { revokedAt: new Date(r.revoked_at) } : {}),
    } satisfies RefreshTokenRecord;
  }

  // One conditional UPDATE: of concurrent rotations, exactly one wins.
  async markRotated(tokenHash: string, now: Date) {
    const res = await this.scope
      .updateTable('refresh_tokens')
      .set({ rotated_at: now.getTime() })
      .where('token_hash', '=', tokenHash)
      .where('rotated_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.getTime())
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async deleteExpired(before: Date, limit: number) {
    return this.scope.deleteSome('refresh_tokens', 'token_hash', (q) => q.where('expires_at', '<', before.getTime()), limit);
  }

  async deleteForClient(clientId: string) {
    const res = await this.scope.deleteFrom('refresh_tokens').where('client_id', '=', clientId).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async revokeForUser(userId: string, now: Date) {
    const res = await this.scope
      .updateTable('refresh_tokens')
      .set({ revoked_at: now.getTime() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  async revokeForUserClient(userId: string, clientId: string, audience: string | null | undefined, now: Date) {
    let q = this.scope
      .updateTable('refresh_tokens')
      .set({ revoked_at: now.getTime() })
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .where('revoked_at', 'is', null);
    if (audience !== undefined) q = audience === null ? q.where('audience', 'is', null) : q.where('audience', '=', audience);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  async revokeFamily(familyId: string, now: Date) {
    const res = await this.scope
      .updateTable('refresh_tokens')
      .set({ revoked_at: now.getTime() })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  async lastIssued(userId: string, clientIds: readonly string[]) {
    if (!clientIds.length) return new Map<string, Date>();
    const rows = await this.scope
      .selectFrom('refresh_tokens')
      .select((eb) => ['client_id', eb.fn.max('created_at').as('at')])
      .where('user_id', '=', userId)
      .where('client_id', 'in', [...clientIds])
      .groupBy('client_id')
      .execute();
    return new Map(rows.map((r) => [r.client_id, new Date(Number(r.at))]));
  }
}
