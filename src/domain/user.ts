// End users of a tenant (Auth0 "users" in the Username-Password-Authentication database connection).

export const DATABASE_CONNECTION = 'Username-Password-Authentication';

export interface User {
  tenantId: string;
  /** `auth0|` + 24 hex chars */
  user_id: string;
  email: string;
  email_verified: boolean;
  name: string;
  nickname: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  blocked: boolean;
  connection: string;
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
  logins_count: number;
  last_login?: Date;
  /** the client address of the last successful sign-in (Auth0's `last_ip`) */
  last_ip?: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewUser = Omit<User, 'tenantId' | 'createdAt' | 'updatedAt' | 'logins_count' | 'last_login' | 'last_ip'> & { passwordHash: string };
