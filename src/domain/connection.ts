// Connections (Auth0 identity sources). Latchkey has one per tenant: the database connection.
import { randomString } from './ids.ts';
import { DATABASE_CONNECTION } from './user.ts';
import type { PasswordOptions } from './password-policy.ts';

/** Auth0's database connection options that Latchkey applies (PATCH replaces the whole object). */
export interface ConnectionOptions extends PasswordOptions {
  /** no sign-up: the page hides its link, /dbconnections/signup answers operation_not_allowed */
  disable_signup?: boolean;
  [other: string]: unknown;
}

export interface Connection {
  tenantId: string;
  /** con_ + 16 chars */
  id: string;
  name: string;
  strategy: 'auth0';
  /** Domain-level: every client may use it, third-party ones included (auth0-behaviour §1.5). */
  is_domain_connection: boolean;
  enabled_clients: string[];
  options: ConnectionOptions;
  createdAt: Date;
}

export type NewConnection = Omit<Connection, 'tenantId' | 'createdAt'>;

export const newConnectionId = (): string => `con_${randomString(16)}`;

export function defaultDatabaseConnection(): NewConnection {
  return { id: newConnectionId(), name: DATABASE_CONNECTION, strategy: 'auth0', is_domain_connection: true, enabled_clients: [], options: {} };
}
