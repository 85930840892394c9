// What the registration steps share: the request as the protocol sees it, the ports they use,
// and, stage by stage, what the steps before have established. No Fastify types here (DESIGN.md, layers).
import type { Client } from '../../../domain/client.ts';
import type { Tenant } from '../../../domain/tenant.ts';
import type { OutboundFetcher } from '../../../outbound/fetcher.ts';
import type { TenantStores } from '../../../storage/ports.ts';
import type { Body } from './policies/fields.ts';
import type { ClientMetadata, ParsedMetadata } from './policies/metadata.ts';

export interface RegistrationRequest {
  ip: string;
  userAgent: string;
  contentType: string | undefined;
  /** raw body text; undefined when the request had none */
  body: string | undefined;
  /** the Authorization header (RFC 7591 §3 initial access token, RFC 7592 §2 registration access token) */
  authorization?: string | undefined;
}

/** What the endpoint is given: the request and the tenant-scoped ports the steps use. */
export interface NewRegistration {
  readonly request: RegistrationRequest;
  readonly stores: Pick<TenantStores, 'tenantId' | 'clients' | 'logs' | 'rateLimits' | 'initialAccessTokens' | 'transaction'>;
  /** the tenant's issuer, with its trailing slash: registration_client_uri is built on it (RFC 7592 §3), and a software statement's `aud` names it */
  readonly issuer: string;
  /** reads the tenant from the store, not from a cache, so a flag flip applies at once */
  loadTenant(): Promise<Tenant | undefined>;
  /** false when LATCHKEY_RATE_LIMITS=off */
  readonly rateLimitsOn: boolean;
  warn(details: object, message: string): void;
  /** fetches a trusted issuer's jwks_uri */
  readonly outbound: Pick<OutboundFetcher, 'fetchJson'>;
}

/** After checkRegistrationEnabled: the endpoint is enabled for this tenant. */
export interface WithTenant {
  tenant: Tenant;
}

/** After requireJsonBody. */
export interface WithBody {
  body: Body;
}

/** A software statement verified against a trusted issuer's keys (RFC 7591 §2.3). */
export interface VerifiedSoftwareStatement {
  /** the statement as sent: the response echoes it unmodified (RFC 7591 §3.2.1) */
  jws: string;
  iss: string;
  software_id?: string;
}

/** After verifySoftwareStatement: set when the registration carried a verified statement. */
export interface WithSoftwareStatement {
  softwareStatement?: VerifiedSoftwareStatement;
}

/** After parseMetadata: every member but the redirect URIs. */
export interface WithParsedMetadata {
  metadata: ParsedMetadata;
}

/** After checkRedirectUris: the metadata is complete. */
export interface WithMetadata {
  metadata: ClientMetadata;
}

export type NewClientRecord = Omit<Client, 'tenantId' | 'createdAt' | 'updatedAt'>;

/** After checkInitialAccessToken: the token presented (RFC 7591 §3), if any; its use is counted when the client is stored. */
export interface WithInitialAccessToken {
  initialAccessToken?: { id: string; hash: string };
}

/** After applyRegistrationPolicy: set when the tenant is near its max_clients, which storeClient then checks in the store. */
export interface WithClientCap {
  maxClients?: number;
}

/** After buildClient; storeClient stores it. */
export interface WithClient {
  client: NewClientRecord;
  issuedAt: Date;
  /** RFC 7592 §3: given when the tenant lets clients manage themselves; only its hash is stored */
  registrationAccessToken?: string;
}

/** RFC 7591 §3.2.1 client information response. Never holds a null or undefined member. */
export type RegistrationResponse = Record<string, string | number | string[] | object>;

/** After respond. */
export interface WithResponse {
  response: RegistrationResponse;
}
