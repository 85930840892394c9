// The database connection that sign-up, password reset and their pages work on.
import { defaultDatabaseConnection, type Connection, type ConnectionOptions } from '../../domain/connection.ts';
import { DATABASE_CONNECTION } from '../../domain/user.ts';
import type { TenantStores } from '../../storage/ports.ts';

/** The tenant's database connection called `name`; the default one is created on first use. */
export async function databaseConnection(stores: TenantStores, name: string = DATABASE_CONNECTION): Promise<Connection | undefined> {
  const found = (await stores.connections.list()).find((c) => c.name === name);
  if (found || name !== DATABASE_CONNECTION) return found;
  return stores.connections.ensure(defaultDatabaseConnection());
}

/** The options of the tenant's default database connection (password policy, disable_signup, …). */
export async function connectionOptions(stores: TenantStores): Promise<ConnectionOptions> {
  return (await databaseConnection(stores))?.options ?? {};
}
