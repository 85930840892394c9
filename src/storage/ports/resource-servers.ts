// APIs (resource servers) and the client grants naming them.
import type { ClientGrant, GrantSubjectType, NewClientGrant, NewResourceServer, ResourceServer } from '../../domain/resource-server.ts';

export interface ResourceServerStore {
  create(rs: NewResourceServer): Promise<ResourceServer>;
  findById(id: string): Promise<ResourceServer | undefined>;
  findByIdentifier(identifier: string): Promise<ResourceServer | undefined>;
  /** A page of the APIs, oldest first; only those with one of `identifiers` when given. */
  list(page: number, perPage: number, filter?: { identifiers?: readonly string[] }): Promise<{ items: ResourceServer[]; total: number }>;
  replace(rs: ResourceServer): Promise<boolean>;
  /**
   * Moves an API to a new identifier together with the client grants naming it (identifiers
   * are immutable for tenant owners; the system API follows the tenant's issuer).
   */
  changeIdentifier(id: string, identifier: string): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export interface ClientGrantStore {
  create(grant: NewClientGrant): Promise<ClientGrant>;
  findById(id: string): Promise<ClientGrant | undefined>;
  /** The client's grant of that subject type for the API (one of each type at most). */
  findFor(clientId: string, audience: string, subjectType: GrantSubjectType): Promise<ClientGrant | undefined>;
  list(filter: { clientId?: string; audience?: string; subjectType?: GrantSubjectType }): Promise<ClientGrant[]>;
  replace(grant: ClientGrant): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  deleteForClient(clientId: string): Promise<number>;
}
