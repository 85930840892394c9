// Resource server (Auth0 "API"): an `audience` that access tokens are issued for.

export interface ResourceServerScope {
  value: string;
  description: string;
}

export interface ResourceServer {
  tenantId: string;
  /** 24 hex chars, as Auth0 */
  id: string;
  name: string;
  identifier: string;
  is_system: boolean;
  scopes: ResourceServerScope[];
  signing_alg: 'RS256';
  token_lifetime: number;
  token_lifetime_for_web: number;
  allow_offline_access: boolean;
  skip_consent_for_verifiable_first_party_clients: boolean;
  createdAt: Date;
}

export type NewResourceServer = Omit<ResourceServer, 'tenantId' | 'createdAt'>;

export interface ClientGrant {
  tenantId: string;
  /** cgr_ + 16 chars */
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
  createdAt: Date;
}

export type NewClientGrant = Omit<ClientGrant, 'tenantId' | 'createdAt'>;
