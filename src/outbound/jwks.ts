// A JWK Set (RFC 7517 §5) at a URL someone else controls (a client's or a trusted issuer's
// jwks_uri), fetched through the guarded fetcher: at most 64 KiB, cached per tenant.
import type { JSONWebKeySet } from 'jose';
import type { OutboundFetcher } from './fetcher.ts';

export const JWKS_MAX_BYTES = 64 * 1024;

/**
 * The set's keys; undefined when the document holds no `keys` array. A fetch that is refused
 * throws the fetcher's OutboundRefusal, with its one-line reason. `refresh` fetches again past the
 * cache (a key id the cached set lacks).
 */
export async function fetchJwkSet(
  outbound: Pick<OutboundFetcher, 'fetchJson'>,
  uri: string,
  options: { tenantId: string; refresh: boolean },
): Promise<JSONWebKeySet | undefined> {
  const { json } = await outbound.fetchJson(uri, { ...options, maxBytes: JWKS_MAX_BYTES, contentTypes: ['application/jwk-set+json'] });
  const keys = (json as { keys?: unknown } | null)?.keys;
  return Array.isArray(keys) ? ({ keys } as JSONWebKeySet) : undefined;
}
