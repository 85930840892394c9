// Users' consents to applications (Auth0 user grants).

/** A user's decision to let a client act for them at one audience (Auth0 "user grant"). */
export interface ConsentStore {
  find(userId: string, clientId: string, audience: string): Promise<string[] | undefined>;
  /** Adds scopes to the stored grant (creating it). */
  grant(userId: string, clientId: string, audience: string, scopes: string[]): Promise<void>;
}
