// Connections (the database connection) and the applications they serve.
import type { Connection, ConnectionOptions, NewConnection } from '../../domain/connection.ts';

export interface ConnectionStore {
  /** Creates the connection unless one with its name exists; returns the stored one. */
  ensure(connection: NewConnection): Promise<Connection>;
  findById(id: string): Promise<Connection | undefined>;
  list(): Promise<Connection[]>;
  setEnabledClients(id: string, clientIds: string[]): Promise<boolean>;
  /** Replaces the connection's options (Auth0's PATCH semantics); false when there is no such connection. */
  setOptions(id: string, options: ConnectionOptions): Promise<boolean>;
}
