import type { Selectable } from 'kysely';
import type { InitialAccessToken, NewInitialAccessToken } from '../../../domain/initial-access-token.ts';
import type { InitialAccessTokenStore } from '../../ports.ts';
import type { InitialAccessTokensTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';
import { uniquely } from '../errors.ts';

const toToken = (r: Selectable<InitialAccessTokensTable>): InitialAccessToken => ({
  id: r.id,
  note: r.note,
  expiresAt: new Date(Number(r.expires_at)),
  maxUses: Number(r.max_uses),
  uses: Number(r.uses),
  createdAt: new Date(Number(r.created_at)),
});

export class SqlInitialAccessTokenStore implements InitialAccessTokenStore {
  constructor(private readonly scope: TenantScope) {}

  async create(t: NewInitialAccessToken): Promise<InitialAccessToken> {
    const created_at = Date.now();
    await uniquely('initial access token', () =>
      this.scope
        .insertInto('initial_access_tokens', {
          id: t.id,
          token_hash: t.tokenHash,
          note: t.note,
          max_uses: t.maxUses,
          uses: 0,
          expires_at: t.expiresAt.getTime(),
          created_at,
        })
        .execute(),
    );
    return { id: t.id, note: t.note, expiresAt: t.expiresAt, maxUses: t.maxUses, uses: 0, createdAt: new Date(created_at) };
  }

  async list() {
    const rows = await this.scope.selectFrom('initial_access_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toToken);
  }

  async findByHash(tokenHash: string) {
    const row = await this.scope.selectFrom('initial_access_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && toToken(row);
  }

  async consume(tokenHash: string, now: Date) {
    // One statement: the row lock (PostgreSQL) or the single writer (SQLite) orders racing
    // registrations, and each re-checks `uses < max_uses` against the committed count.
    const row = await this.scope
      .updateTable('initial_access_tokens')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now.getTime())
      .where((eb) => eb('uses', '<', eb.ref('max_uses')))
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  async delete(id: string) {
    const res = await this.scope.deleteFrom('initial_access_tokens').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async deleteExpired(before: Date, limit: number) {
    return this.scope.deleteSome('initial_access_tokens', 'id', (q) => q.where('expires_at', '<', before.getTime()), limit);
  }
}
