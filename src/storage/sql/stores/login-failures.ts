import { sql } from 'kysely';
import type { LoginFailureStore } from '../../ports.ts';
import type { TenantScope } from '../tenant-scope.ts';

export class SqlLoginFailureStore implements LoginFailureStore {
  constructor(private readonly scope: TenantScope) {}

  async blockedUntil(keyHash: string, now: Date) {
    const r = await this.scope.selectFrom('login_failures').select('blocked_until').where('key_hash', '=', keyHash).executeTakeFirst();
    if (!r || r.blocked_until === null) return undefined;
    if (r.blocked_until > now.getTime()) return new Date(r.blocked_until);
    // The block has run out: the count starts again.
    await this.clear(keyHash);
    return undefined;
  }

  async recordFailure(keyHash: string, now: Date, limit: number, blockMs: number) {
    const at = now.getTime();
    // One atomic upsert per failure, so concurrent attempts are all counted.
    await this.scope
      .insertInto('login_failures', { key_hash: keyHash, failures: 1, blocked_until: null, updated_at: at })
      .onConflict((oc) => oc.columns(['tenant_id', 'key_hash']).doUpdateSet({ failures: sql`login_failures.failures + 1`, updated_at: at }))
      .execute();
    await this.scope
      .updateTable('login_failures')
      .set({ blocked_until: at + blockMs })
      .where('key_hash', '=', keyHash)
      .where('failures', '>=', limit)
      .where('blocked_until', 'is', null)
      .execute();
    const r = await this.scope.selectFrom('login_failures').select(['failures', 'blocked_until']).where('key_hash', '=', keyHash).executeTakeFirstOrThrow();
    return { failures: r.failures, ...(r.blocked_until !== null ? { blockedUntil: new Date(r.blocked_until) } : {}) };
  }

  async deleteStale(before: Date, now: Date, limit: number) {
    return this.scope.deleteSome(
      'login_failures',
      'key_hash',
      (q) => q.where('updated_at', '<', before.getTime()).where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', now.getTime())])),
      limit,
    );
  }

  async clear(keyHash: string) {
    await this.scope.deleteFrom('login_failures').where('key_hash', '=', keyHash).execute();
  }
}
