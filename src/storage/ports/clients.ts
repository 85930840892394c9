// Applications (clients).
import type { Client, NewClient, Unused, UnusedClient } from '../../domain/client.ts';
import type { NewLogEntry } from '../../domain/log-entry.ts';

export interface ClientListQuery {
  page: number;
  perPage: number;
  isFirstParty?: boolean;
  appTypes?: string[];
  /** case-insensitive substring of name, or exact client_id */
  search?: string;
  /** only clients that registered themselves (true) or only the others (false) */
  dynamicallyRegistered?: boolean;
  /** only clients unused in this sense (see Unused) */
  unused?: Unused;
  /** only the client named by this Client ID Metadata Document URL (its client_id is that URL) */
  externalClientId?: string;
}

/** Where a page of unused clients starts: after this client_id (keyset pagination). */
export interface UnusedPage {
  after?: string;
  limit: number;
}

export interface ClientStore {
  create(client: NewClient): Promise<Client>;
  /** Read through the cache (its lastUsedAt may lag) unless `fresh`. */
  findById(clientId: string, options?: { fresh?: boolean }): Promise<Client | undefined>;
  list(query: ClientListQuery): Promise<{ clients: Client[]; total: number }>;
  /**
   * Replaces the stored client with `client` (the service merges); false if it is gone, or,
   * with `ifUpdatedAt`, if it changed since it was read at that version (a concurrent update won).
   */
  replace(client: Client, options?: { ifUpdatedAt?: Date }): Promise<boolean>;
  /** Deletes the client with its consents, refresh tokens and codes; false if it is gone. */
  delete(clientId: string): Promise<boolean>;
  /** How many clients registered themselves (POST /oidc/register); for the registration policy's max_clients. */
  countDynamicallyRegistered(): Promise<number>;
  /**
   * Inside a transaction: the same count, with every other registration that asks for it held
   * off until this transaction ends, so that a count and the insert after it cannot interleave
   * with another's (max_clients exact across instances and workers).
   */
  countDynamicallyRegisteredExclusively(): Promise<number>;
  /**
   * Stores a client together with its audit entry, atomically (dynamic registration); durable
   * when the promise resolves. Concurrent calls may share one commit (group commit).
   */
  createWithAudit(client: NewClient, audit: NewLogEntry): Promise<Client>;
  /**
   * Records a use at `at` unless one was recorded within `intervalMs` before it (one
   * conditional UPDATE; caches are kept). True if it wrote.
   */
  recordUse(clientId: string, at: Date, intervalMs: number): Promise<boolean>;
  /** Dynamically registered clients unused in this sense, in client_id order, a page at a time. */
  findUnused(unused: Unused, page: UnusedPage): Promise<UnusedClient[]>;
  /**
   * Deletes those of `clientIds` that are dynamically registered and still unused (checked
   * again as they are deleted), with their client grants, consents, refresh tokens,
   * authorization codes and places in connections, and writes `audit(client)` for each, all in
   * one transaction. Returns the clients deleted.
   */
  deleteUnused(clientIds: string[], unused: Unused, audit: (client: UnusedClient) => NewLogEntry): Promise<UnusedClient[]>;
}
