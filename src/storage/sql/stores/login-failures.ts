import { sql } from 'kysely';
import type { FailureSubject, LoginFailureStore } from '../../ports.ts';
import type { TenantScope } from '../tenant-scope.ts';

export class SqlLoginFailureStore implements LoginFailureStore {
  constructor(private readonly scope: TenantScope) {}

  async blockedUntil(keyHash: string, now: Date, limit = 0) {
    const r = await this.scope.selectFrom('login_failures').select(['failures', 'blocked_until']).where('key_hash', '=', keyHash).executeTakeFirst();
    if (!r || r.blocked_until === null) return undefined;
    if (Number(r.blocked_until) > now.getTime()) return r.failures >= limit ? new Date(Number(r.blocked_until)) : undefined;
    // The block has run out: the count starts again.
    await this.clear(keyHash);
    return undefined;
  }

  async recordFailure(keyHash: string, now: Date, limit: number, blockMs: number, subject?: FailureSubject) {
    const at = now.getTime();
    const who = { identifier: subject?.identifier ?? null, ip: subject?.ip ?? null, connection: subject?.connection ?? null };
    // One atomic upsert per failure, so concurrent attempts are all counted.
    await this.scope
      .insertInto('login_failures', { key_hash: keyHash, failures: 1, blocked_until: null, updated_at: at, ...who })
      .onConflict((oc) => oc.columns(['tenant_id', 'key_hash']).doUpdateSet({ failures: sql`login_failures.failures + 1`, updated_at: at }))
      .execute();
    // The failure that reaches the threshold sets the block; a block still running from a lower
    // threshold is renewed only by the failure that reaches the new one.
    const res = await this.scope
      .updateTable('login_failures')
      .set({ blocked_until: at + blockMs })
      .where('key_hash', '=', keyHash)
      .where('failures', '>=', limit)
      .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', at), eb('failures', '=', limit)]))
      .executeTakeFirst();
    const r = await this.scope.selectFrom('login_failures').select(['failures', 'blocked_until']).where('key_hash', '=', keyHash).executeTakeFirstOrThrow();
    return {
      failures: r.failures,
      ...(r.blocked_until !== null ? { blockedUntil: new Date(Number(r.blocked_until)) } : {}),
      blockedNow: Number(res.numUpdatedRows) > 0,
    };
  }

  async listBlocked(identifier: string, now: Date, limit: number) {
    const rows = await this.scope
      .selectFrom('login_failures')
      .select(['identifier', 'ip', 'connection'])
      .where('identifier', '=', identifier)
      .where('blocked_until', '>', now.getTime())
      .where('failures', '>=', limit)
      .orderBy('updated_at')
      .execute();
    return rows.map((r) => ({ identifier: r.identifier!, ip: r.ip, connection: r.connection ?? '' }));
  }

  async clearIdentifier(identifier: string) {
    const res = await this.scope.deleteFrom('login_failures').where('identifier', '=', identifier).executeTakeFirst();
    return Number(res.numDeletedRows);
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
