// The tenant log.
import type { LogEntry, NewLogEntry } from '../../domain/log-entry.ts';

export interface LogPageQuery {
  page: number;
  perPage: number;
  /** any of these types; all types when absent */
  types?: string[];
  clientId?: string;
}

export interface LogStore {
  append(entry: NewLogEntry): Promise<LogEntry>;
  list(query: { type?: string; limit: number }): Promise<LogEntry[]>;
  /** Newest first, offset-paged, with the total of matching entries. */
  page(query: LogPageQuery): Promise<{ entries: LogEntry[]; total: number }>;
  /** Deletes up to `limit` entries created before `before`, oldest first; returns how many. */
  deleteOlderThan(before: Date, limit: number): Promise<number>;
}
