// The tenant log.
import type { LogEntry, NewLogEntry } from '../../domain/log-entry.ts';

export interface LogPageQuery {
  page: number;
  perPage: number;
  /** any of these types; all types when absent */
  types?: string[];
  clientId?: string;
  userId?: string;
  /** entries at or after this instant */
  from?: Date;
  /** entries at or before this instant */
  to?: Date;
}

/** Entries of some types counted per time bucket (bucket = floor(epoch ms / bucketMs)). */
export interface LogCountQuery {
  types: readonly string[];
  since: Date;
  bucketMs: number;
}

export interface LogCount {
  type: string;
  bucket: number;
  count: number;
}

export interface LogStore {
  /**
   * Writes one entry. Outside a transaction, entries appended together share one commit
   * (group commit); inside one, the entry commits with it.
   */
  append(entry: NewLogEntry): Promise<LogEntry>;
  list(query: { type?: string; limit: number }): Promise<LogEntry[]>;
  /** Newest first, offset-paged, with the total of matching entries. */
  page(query: LogPageQuery): Promise<{ entries: LogEntry[]; total: number }>;
  /** How many entries of each type fell in each bucket since `since` (buckets with none are absent). */
  count(query: LogCountQuery): Promise<LogCount[]>;
  /** Deletes up to `limit` entries created before `before`, oldest first; returns how many. */
  deleteOlderThan(before: Date, limit: number): Promise<number>;
}
