import { sql } from 'kysely';
import type { ClientAssertionStore } from '../../ports.ts';
import type { TenantScope } from '../tenant-scope.ts';

/**
 * One insert-if-absent per assertion: of concurrent callers with one (client, jti) exactly one
 * gets a row back. A record past its expiry that the sweeper has not removed yet is taken over
 * (the conditional DO UPDATE), so a jti is refused only while its assertion could be valid.
 */
export class SqlClientAssertionStore implements ClientAssertionStore {
  constructor(private readonly scope: TenantScope) {}

  use(clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
    const now = Date.now();
    return this.scope.batched(async (scope) => {
      const row = await scope
        .insertInto('client_assertion_jtis', { client_id: clientId, jti, expires_at: expiresAt.getTime() })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'client_id', 'jti'])
            .doUpdateSet({ expires_at: expiresAt.getTime() })
            .where(sql<boolean>`client_assertion_jtis.expires_at < cast(${now} as bigint)`),
        )
        .returning('jti')
        .executeTakeFirst();
      return row !== undefined;
    });
  }

  deleteExpired(before: Date, limit: number): Promise<number> {
    return this.scope.deleteSome('client_assertion_jtis', 'jti', (q) => q.where('expires_at', '<', before.getTime()), limit);
  }
}
