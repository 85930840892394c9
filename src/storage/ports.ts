// Narrow stores named in protocol terms, one file per aggregate under ports/. Services depend on
// these, never on SQL. The records they hold are domain types, re-exported here for callers.
export type * from '../domain/grant.ts';
export type * from '../domain/log-entry.ts';
export type * from '../domain/operator.ts';
export type * from '../domain/role.ts';
export type * from '../domain/session.ts';
export type * from '../domain/signing-key.ts';
export * from './ports/authorization-codes.ts';
export * from './ports/client-assertions.ts';
export * from './ports/clients.ts';
export * from './ports/connections.ts';
export * from './ports/consents.ts';
export * from './ports/email-providers.ts';
export * from './ports/errors.ts';
export * from './ports/initial-access-tokens.ts';
export * from './ports/login-failures.ts';
export * from './ports/logs.ts';
export * from './ports/operators.ts';
export * from './ports/rate-limits.ts';
export * from './ports/refresh-tokens.ts';
export * from './ports/resource-servers.ts';
export * from './ports/roles.ts';
export * from './ports/sessions.ts';
export * from './ports/signing-keys.ts';
export * from './ports/storage.ts';
export * from './ports/tenants.ts';
export * from './ports/user-tickets.ts';
export * from './ports/users.ts';
