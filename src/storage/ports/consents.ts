// Users' consents to applications (Auth0 user grants).
import type { Consent } from '../../domain/grant.ts';

export interface ConsentFilter {
  userId?: string;
  clientId?: string;
  audience?: string;
}

/** A user's decision to let a client act for them at one audience (Auth0 "user grant"). */
export interface ConsentStore {
  find(userId: string, clientId: string, audience: string): Promise<Consent | undefined>;
  findById(id: string): Promise<Consent | undefined>;
  /** Adds scopes to the stored grant (creating it); it counts as used now. */
  grant(userId: string, clientId: string, audience: string, scopes: string[], now?: Date): Promise<void>;
  /** A page of the consents matching `filter`, oldest first, with how many match. */
  list(filter: ConsentFilter, page: number, perPage: number): Promise<{ items: Consent[]; total: number }>;
  /** Records a use, unless one was recorded within `intervalMs` before `at` (one conditional UPDATE). */
  recordUse(id: string, at: Date, intervalMs: number): Promise<void>;
  /** Deletes the consent with that id and returns it; undefined for every caller but one. */
  delete(id: string): Promise<Consent | undefined>;
  /** Deletes the user's consents (to one client, when given) and returns them. */
  deleteForUser(userId: string, clientId?: string): Promise<Consent[]>;
  /** Forgets every user's consent to the client (it is being deleted); returns how many. */
  deleteForClient(clientId: string): Promise<number>;
}
