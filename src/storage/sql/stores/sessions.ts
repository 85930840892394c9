import type { LoginSession, SessionStore } from '../../ports.ts';
import type { TenantScope } from '../tenant-scope.ts';

export class SqlSessionStore implements SessionStore {
  constructor(private readonly scope: TenantScope) {}

  async create(idHash: string, s: LoginSession) {
    await this.scope
      .insertInto('login_sessions', {
        id_hash: idHash,
        sid: s.sid,
        user_id: s.userId,
        auth_time: s.authTime.getTime(),
        created_at: s.createdAt.getTime(),
        expires_at: s.expiresAt.getTime(),
        idle_expires_at: s.idleExpiresAt.getTime(),
      })
      .execute();
  }

  async findActive(idHash: string, now: Date) {
    const r = await this.scope
      .selectFrom('login_sessions')
      .selectAll()
      .where('id_hash', '=', idHash)
      .where('expires_at', '>', now.getTime())
      .where('idle_expires_at', '>', now.getTime())
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      sid: r.sid,
      userId: r.user_id,
      authTime: new Date(r.auth_time),
      createdAt: new Date(r.created_at),
      expiresAt: new Date(r.expires_at),
      idleExpiresAt: new Date(r.idle_expires_at),
    } satisfies LoginSession;
  }

  async touch(idHash: string, idleExpiresAt: Date) {
    await this.scope.updateTable('login_sessions').set({ idle_expires_at: idleExpiresAt.getTime() }).where('id_hash', '=', idHash).execute();
  }

  async deleteExpired(now: Date, limit: number) {
    const at = now.getTime();
    return this.scope.deleteSome(
      'login_sessions',
      'id_hash',
      (q) => q.where((eb) => eb.or([eb('expires_at', '<=', at), eb('idle_expires_at', '<=', at)])),
      limit,
    );
  }

  async delete(idHash: string) {
    const res = await this.scope.deleteFrom('login_sessions').where('id_hash', '=', idHash).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async deleteForUser(userId: string) {
    const res = await this.scope.deleteFrom('login_sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
