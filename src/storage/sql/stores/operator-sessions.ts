import type { Kysely } from 'kysely';
import type { OperatorSession, OperatorSessionStore } from '../../ports.ts';
import type { Database } from '../schema.ts';

// Dashboard sessions, keyed by the SHA-256 of the cookie value (never the value itself).
export class SqlOperatorSessionStore implements OperatorSessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(idHash: string, s: OperatorSession) {
    await this.db
      .insertInto('operator_sessions')
      .values({
        id_hash: idHash,
        operator_id: s.operatorId,
        created_at: s.createdAt.getTime(),
        expires_at: s.expiresAt.getTime(),
        idle_expires_at: s.idleExpiresAt.getTime(),
      })
      .execute();
  }

  async findActive(idHash: string, now: Date) {
    const r = await this.db
      .selectFrom('operator_sessions')
      .selectAll()
      .where('id_hash', '=', idHash)
      .where('expires_at', '>', now.getTime())
      .where('idle_expires_at', '>', now.getTime())
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      operatorId: r.operator_id,
      createdAt: new Date(Number(r.created_at)),
      expiresAt: new Date(Number(r.expires_at)),
      idleExpiresAt: new Date(Number(r.idle_expires_at)),
    } satisfies OperatorSession;
  }

  async touch(idHash: string, idleExpiresAt: Date) {
    await this.db.updateTable('operator_sessions').set({ idle_expires_at: idleExpiresAt.getTime() }).where('id_hash', '=', idHash).execute();
  }

  async delete(idHash: string) {
    const res = await this.db.deleteFrom('operator_sessions').where('id_hash', '=', idHash).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async deleteExpired(now: Date) {
    const at = now.getTime();
    const res = await this.db
      .deleteFrom('operator_sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', at), eb('idle_expires_at', '<=', at)]))
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
