// Users' consents to applications (Auth0 user grants).

/** A user's decision to let a client act for them at one audience (Auth0 "user grant"). */
export interface ConsentStore {
  find(userId: string, clientId: string, audience: string): Promise<string[] | undefined>;
  /** Adds scopes to the stored grant (creating it). */
  grant(userId: string, clientId: string, audience: string, scopes: string[]): Promise<void>;
  /** Forgets every user's consent to the client (it is being deleted); returns how many. */
  deleteForClient(clientId: string): Promise<number>;
}
