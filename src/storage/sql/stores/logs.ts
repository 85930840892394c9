import { logIdFloor, newLogId } from '../../../domain/ids.ts';
import { sql, type Selectable } from 'kysely';
import type { LogCount, LogCountQuery, LogEntry, LogPageQuery, LogStore, NewLogEntry } from '../../ports.ts';
import type { GroupCommit } from '../group-commit.ts';
import type { TenantLogsTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';

/** A new entry and its row (without tenant_id, which the scope adds). */
export function logRow(e: NewLogEntry) {
  const entry: LogEntry = { ...e, id: newLogId(), createdAt: new Date() };
  const row = {
    id: entry.id,
    type: e.type,
    description: e.description,
    ip: e.ip,
    user_agent: e.userAgent,
    client_id: e.clientId,
    user_id: typeof e.details.user_id === 'string' ? e.details.user_id : null,
    details: JSON.stringify(e.details),
    created_at: entry.createdAt.getTime(),
  };
  return { entry, row };
}

export class SqlLogStore implements LogStore {
  constructor(
    private readonly scope: TenantScope,
    private readonly groupCommit: GroupCommit | null = null,
  ) {}

  async append(e: NewLogEntry): Promise<LogEntry> {
    const { entry, row } = logRow(e);
    if (this.groupCommit) await this.groupCommit.submit([{ table: 'tenant_logs', row: this.scope.row<'tenant_logs'>(row) }]);
    else await this.scope.insertInto('tenant_logs', row).execute();
    return entry;
  }

  async count(q: LogCountQuery): Promise<LogCount[]> {
    if (q.types.length === 0) return [];
    // Integer division on both dialects (bigint / bigint); the (tenant_id, type, created_at) index serves the range.
    const bucket = sql<number | string>`created_at / ${sql.lit(Math.trunc(q.bucketMs))}`;
    const rows = await this.scope
      .selectFrom('tenant_logs')
      .select((eb) => ['type', bucket.as('bucket'), eb.fn.countAll<number | string>().as('n')])
      .where('type', 'in', [...q.types])
      .where('created_at', '>=', q.since.getTime())
      .groupBy(['type', bucket])
      .execute();
    return rows.map((r) => ({ type: r.type, bucket: Number(r.bucket), count: Number(r.n) }));
  }

  async deleteOlderThan(before: Date, limit: number): Promise<number> {
    const at = before.getTime();
    // Ids begin with their creation time: the id bound keeps this a range read of the key.
    return this.scope.deleteSome('tenant_logs', 'id', (q) => q.where('id', '<', logIdFloor(at)).where('created_at', '<', at).orderBy('id'), limit);
  }

  async list(q: { type?: string; limit: number }): Promise<LogEntry[]> {
    let query = this.scope.selectFrom('tenant_logs').selectAll();
    if (q.type !== undefined) query = query.where('type', '=', q.type);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map(toEntry);
  }

  async page(q: LogPageQuery): Promise<{ entries: LogEntry[]; total: number }> {
    let base = this.scope.selectFrom('tenant_logs');
    if (q.types !== undefined) {
      // An empty list matches nothing (IN () is not valid SQL).
      if (q.types.length === 0) return { entries: [], total: 0 };
      base = base.where('type', 'in', q.types);
    }
    if (q.clientId !== undefined) base = base.where('client_id', '=', q.clientId);
    if (q.userId !== undefined) base = base.where('user_id', '=', q.userId);
    if (q.from !== undefined) base = base.where('created_at', '>=', q.from.getTime());
    if (q.to !== undefined) base = base.where('created_at', '<=', q.to.getTime());
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(q.perPage)
        .offset(q.page * q.perPage)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { entries: rows.map(toEntry), total: Number(count.n) };
  }
}

function toEntry(r: Selectable<TenantLogsTable>): LogEntry {
  return {
    id: r.id,
    type: r.type,
    description: r.description,
    ip: r.ip,
    userAgent: r.user_agent,
    clientId: r.client_id,
    details: JSON.parse(r.details),
    createdAt: new Date(r.created_at),
  };
}
