// Per-request typed context: which tenant a request is for, its issuer and its stores.
import type { Tenant } from '../domain/tenant.ts';
import type { TenantStores } from '../storage/ports.ts';

export interface RequestContext {
  tenant: Tenant;
  /** tenant issuer, with trailing slash */
  issuer: string;
  stores: TenantStores;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the tenant-resolution hook for every route except the health checks. */
    ctx: RequestContext;
  }
  interface FastifyContextConfig {
    /** Skip tenant resolution (health checks). */
    noTenant?: boolean;
    /** RFC 7591 routes answer body errors with invalid_client_metadata instead of invalid_request. */
    bodyErrorCode?: string;
  }
}
