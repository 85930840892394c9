import { sql } from 'kysely';
import type { RateLimitDecision, RateLimitStore } from '../../ports.ts';
import type { TenantScope } from '../tenant-scope.ts';

/**
 * Token buckets in one row each. The decision is a single upsert, so it is atomic on both
 * dialects: PostgreSQL locks the conflicting row for the DO UPDATE, SQLite serializes writers.
 * The refill is computed in SQL from the stored row, never from a value read earlier. On SQLite,
 * takes that arrive together share one commit (write-batch.ts): a flood of registrations would
 * otherwise pay one fsync per bucket per request.
 */
export class SqlRateLimitStore implements RateLimitStore {
  constructor(private readonly scope: TenantScope) {}

  take(key: string, burst: number, perSecond: number): Promise<RateLimitDecision> {
    return this.scope.batched((scope) => this.takeIn(scope, key, burst, perSecond));
  }

  private async takeIn(scope: TenantScope, key: string, burst: number, perSecond: number): Promise<RateLimitDecision> {
    const now = Date.now();
    // Parameters are cast: PostgreSQL would otherwise infer bigint for the fractional rate.
    const nowMs = sql`cast(${now} as bigint)`;
    const perMs = sql`cast(${perSecond / 1000} as double precision)`;
    const cap = sql`cast(${burst} as double precision)`;
    const elapsed = sql`(case when ${nowMs} > rate_limit_buckets.updated_at then ${nowMs} - rate_limit_buckets.updated_at else 0 end)`;
    const refilled = sql`(rate_limit_buckets.tokens + ${elapsed} * ${perMs})`;
    const level = sql`(case when ${refilled} >= ${cap} then ${cap} else ${refilled} end)`;

    // A refused take updates nothing and so returns no row (the WHERE of DO UPDATE is false).
    const taken = await scope
      .insertInto('rate_limit_buckets', { key, tokens: burst - 1, updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'key'])
          .doUpdateSet({
            tokens: sql<number>`${level} - 1`,
            updated_at: sql<number>`(case when ${nowMs} > rate_limit_buckets.updated_at then ${nowMs} else rate_limit_buckets.updated_at end)`,
          })
          .where(sql<boolean>`${level} >= 1`),
      )
      .returning('tokens')
      .executeTakeFirst();
    if (taken) return { allowed: true, retryAfterSeconds: 0 };

    // Only the Retry-After hint is computed from this second read; the decision is already made.
    const row = await scope.selectFrom('rate_limit_buckets').select(['tokens', 'updated_at']).where('key', '=', key).executeTakeFirst();
    const stored = row ? Math.min(burst, row.tokens + Math.max(0, now - row.updated_at) * (perSecond / 1000)) : 0;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - stored) / perSecond)) };
  }

  async prune(idleSinceMs: number): Promise<number> {
    const res = await this.scope.deleteFrom('rate_limit_buckets').where('updated_at', '<', idleSinceMs).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
