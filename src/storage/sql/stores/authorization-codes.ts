import type { AuthorizationCodeRecord, AuthorizationCodeStore } from '../../ports.ts';
import type { TenantScope } from '../tenant-scope.ts';

type CodeData = Omit<AuthorizationCodeRecord, 'clientId' | 'userId' | 'expiresAt' | 'consumedAt'>;

export class SqlAuthorizationCodeStore implements AuthorizationCodeStore {
  constructor(private readonly scope: TenantScope) {}

  // Codes are issued and consumed on every sign-in: concurrent writes share one durable commit
  // (TenantScope.batched), each still a single statement.
  async create(codeHash: string, code: AuthorizationCodeRecord) {
    const { clientId, userId, expiresAt, consumedAt: _c, ...data } = code;
    await this.scope.batched((scope) =>
      scope
        .insertInto('authorization_codes', {
          code_hash: codeHash,
          client_id: clientId,
          user_id: userId,
          data: JSON.stringify(data satisfies CodeData),
          expires_at: expiresAt.getTime(),
          consumed_at: null,
          created_at: Date.now(),
        })
        .execute(),
    );
  }

  async find(codeHash: string) {
    const r = await this.scope.selectFrom('authorization_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
    if (!r) return undefined;
    return {
      ...(JSON.parse(r.data) as CodeData),
      clientId: r.client_id,
      userId: r.user_id,
      expiresAt: new Date(r.expires_at),
      ...(r.consumed_at !== null ? { consumedAt: new Date(r.consumed_at) } : {}),
    } satisfies AuthorizationCodeRecord;
  }

  async deleteExpired(before: Date, limit: number) {
    return this.scope.deleteSome('authorization_codes', 'code_hash', (q) => q.where('expires_at', '<', before.getTime()), limit);
  }

  // One conditional UPDATE: of concurrent callers, exactly one sees an affected row (also when
  // both are in the same batch: its statements run one after the other). It resolves after
  // the commit, so no token is issued for a code whose use is not yet durable; inside
  // TenantStores.transaction it is part of that transaction, which resolves after its commit.
  async consume(codeHash: string, now: Date) {
    const res = await this.scope.batched((scope) =>
      scope
        .updateTable('authorization_codes')
        .set({ consumed_at: now.getTime() })
        .where('code_hash', '=', codeHash)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now.getTime())
        .executeTakeFirst(),
    );
    return Number(res.numUpdatedRows) === 1;
  }
}
