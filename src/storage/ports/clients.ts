// Applications (clients).
import type { Client, NewClient } from '../../domain/client.ts';
import type { NewLogEntry } from '../../domain/log-entry.ts';

export interface ClientListQuery {
  page: number;
  perPage: number;
  isFirstParty?: boolean;
  appTypes?: string[];
  /** case-insensitive substring of name, or exact client_id */
  search?: string;
}

export interface ClientStore {
  create(client: NewClient): Promise<Client>;
  findById(clientId: string): Promise<Client | undefined>;
  list(query: ClientListQuery): Promise<{ clients: Client[]; total: number }>;
  /** Replaces the stored client with `client` (the service merges); false if it is gone. */
  replace(client: Client): Promise<boolean>;
  delete(clientId: string): Promise<boolean>;
  /** How many clients registered themselves (POST /oidc/register); for the registration policy's max_clients. */
  countDynamicallyRegistered(): Promise<number>;
  /**
   * Stores a client together with its audit entry, atomically (dynamic registration); durable
   * when the promise resolves. Concurrent calls may share one commit (group commit).
   */
  createWithAudit(client: NewClient, audit: NewLogEntry): Promise<Client>;
}
