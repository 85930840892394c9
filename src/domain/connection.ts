// Connections (Auth0 identity sources). Latchkey has one per tenant: the database connection.
import { randomString } from './ids.ts';
import { DATABASE_CONNECTION } from './user.ts';

export interface Connection {
  tenantId: string;
  /** con_ + 16 chars */
  id: string;
  name: string;
  strategy: 'auth0';
  /** Domain-level: every client may use it, third-party ones included (auth0-behaviour §1.5). */
  is_domain_connection: boolean;
  enabled_clients: string[];
  createdAt: Date;
}

export type NewConnection = Omit<Connection, 'tenantId' | 'createdAt'>;

export const newConnectionId = (): string => `con_${randomString(16)}`;

export function defaultDatabaseConnection(): NewConnection {
  return { id: newConnectionId(), name: DATABASE_CONNECTION, strategy: 'auth0', is_domain_connection: true, enabled_clients: [] };
}
