import type { Tenant } from '../domain/tenant.ts';

/**
 * A tenant's issuer: `scheme://domain/` with a trailing slash (Auth0's form), the scheme being
 * PUBLIC_URL's and the domain the stored one. For the default tenant that is PUBLIC_URL + '/':
 * a server does not start when they differ (bootstrap.ts), and when the domain is moved on
 * purpose (`latchkey tenant set-domain`) running instances follow the stored domain at once.
 * Never derived from a request's Host.
 */
export function issuerFor(tenant: Pick<Tenant, 'domain' | 'isDefault'>, publicUrl: string): string {
  return `${new URL(publicUrl).protocol}//${tenant.domain}/`;
}

/** The Management API audience of a tenant (auth0-behaviour §3.1). */
export const managementAudience = (issuer: string): string => `${issuer}api/v2/`;

/** host[:port] of PUBLIC_URL, as it arrives in a Host header. */
export function publicUrlDomain(publicUrl: string): string {
  return new URL(publicUrl).host;
}
