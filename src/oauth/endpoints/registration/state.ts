// What the registration steps share: the request as the protocol sees it, the dependencies,
// and what each step has established so far. No Fastify types here (DESIGN.md, layers).
import type { Client } from '../../../domain/client.ts';
import type { Tenant } from '../../../domain/tenant.ts';
import type { TenantStores } from '../../../storage/ports.ts';
import type { ParsedMetadata, RedirectMetadata } from './policies/metadata.ts';

export interface RegistrationRequest {
  ip: string;
  userAgent: string;
  contentType: string | undefined;
  /** raw body text; undefined when the request had none */
  body: string | undefined;
}

export interface RegistrationDeps {
  stores: TenantStores;
  /** reads the tenant from the store, not from a cache, so a flag flip applies at once */
  loadTenant(): Promise<Tenant | undefined>;
  /** false when LATCHKEY_RATE_LIMITS=off */
  rateLimits: boolean;
  warn(details: object, message: string): void;
}

/** RFC 7591 §3.2.1 client information response. Never holds a null or undefined member. */
export type RegistrationResponse = Record<string, string | number | string[] | object>;

export interface RegistrationState {
  readonly request: RegistrationRequest;
  readonly deps: RegistrationDeps;
  /** set by checkRegistrationEnabled */
  tenant?: Tenant;
  /** refusals are audited once the endpoint is known to be enabled (and 429s at most once a second) */
  auditRefusals: boolean;
  /** set by requireJsonBody */
  body?: Record<string, unknown>;
  /** set by parseMetadata; its redirect URIs by checkRedirectUris */
  metadata?: ParsedMetadata & Partial<RedirectMetadata>;
  /** set by buildClient, stored by storeClient */
  client?: Omit<Client, 'tenantId' | 'createdAt' | 'updatedAt'>;
  issuedAt?: Date;
  /** set by respond */
  response?: RegistrationResponse;
}

export type Step = (state: RegistrationState) => void | Promise<void>;
