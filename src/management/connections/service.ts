// The database connection: created on first use, domain-level, with its enabled clients.
// Third-party clients use it because it is domain-level; they cannot be enabled on it (auth0-behaviour §1.5).
import { defaultDatabaseConnection, type Connection } from '../../domain/connection.ts';
import type { TenantStores } from '../../storage/ports.ts';
import { invalidBody, notFound } from '../errors.ts';
import { PASSWORD_MIN } from '../users/service.ts';

export const connectionNotFound = () => notFound('The connection does not exist', 'inexistent_connection');

export function connectionView(c: Connection): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    strategy: c.strategy,
    is_domain_connection: c.is_domain_connection,
    enabled_clients: c.enabled_clients,
    realms: [c.name],
    options: { password_complexity_options: { min_length: PASSWORD_MIN }, requires_username: false, brute_force_protection: false },
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
}
