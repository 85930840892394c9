// The database connection: created on first use, domain-level, with its enabled clients.
// Third-party clients use it because it is domain-level; they cannot be enabled on it (auth0-behaviour §1.5).
import { defaultDatabaseConnection, type Connection, type ConnectionOptions } from '../../domain/connection.ts';
import { DEFAULT_PASSWORD_POLICY, minLengthOf } from '../../domain/password-policy.ts';
import type { TenantStores } from '../../storage/ports.ts';
import { invalidBody, notFound } from '../errors.ts';

export const connectionNotFound = () => notFound('The connection does not exist', 'inexistent_connection');

export function connectionView(c: Connection): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    strategy: c.strategy,
    is_domain_connection: c.is_domain_connection,
    enabled_clients: c.enabled_clients,
    realms: [c.name],
    options: {
      requires_username: false,
      brute_force_protection: false,
      ...c.options,
      password_policy: c.options.password_policy ?? DEFAULT_PASSWORD_POLICY,
      password_complexity_options: { min_length: minLengthOf(c.options) },
    },
  };
}

export class ConnectionService {
  constructor(private readonly stores: TenantStores) {}

  async list(): Promise<Connection[]> {
    const found = await this.stores.connections.list();
    return found.length ? found : [await this.stores.connections.ensure(defaultDatabaseConnection())];
  }

  async get(id: string): Promise<Connection> {
    const c = (await this.list()).find((x) => x.id === id);
    if (!c) throw connectionNotFound();
    return c;
  }

  async setEnabledClients(id: string, clientIds: string[]): Promise<Connection> {
    const current = await this.get(id);
    const unique = [...new Set(clientIds)];
    for (const clientId of unique) {
      const client = await this.stores.clients.findById(clientId);
      if (!client) throw invalidBody(`enabled_clients: client "${clientId}" does not exist.`);
      if (!client.is_first_party) {
        throw invalidBody(
          `enabled_clients: client "${clientId}" is a third-party client; it signs in through domain-level connections and cannot be enabled here.`,
        );
      }
    }
    if (!(await this.stores.connections.setEnabledClients(current.id, unique))) throw connectionNotFound();
    return { ...current, enabled_clients: unique };
  }

  /** As at Auth0, the options sent replace the stored ones whole; a null password_policy means the default. */
  async setOptions(id: string, options: ConnectionOptions): Promise<Connection> {
    const current = await this.get(id);
    const stored: ConnectionOptions = { ...options };
    if (stored.password_policy === null) delete stored.password_policy;
    if (!(await this.stores.connections.setOptions(current.id, stored))) throw connectionNotFound();
    return { ...current, options: stored };
  }
}
