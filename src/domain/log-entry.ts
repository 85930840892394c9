// A tenant log entry (Auth0 log event).

export interface LogEntry {
  id: string;
  type: string;
  description: string;
  ip: string | null;
  userAgent: string | null;
  clientId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

export type NewLogEntry = Omit<LogEntry, 'id' | 'createdAt'>;
