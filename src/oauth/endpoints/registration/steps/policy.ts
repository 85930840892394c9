// The tenant's registration policy (settings.registration_policy), applied once the metadata is
// known. Every refusal is an RFC 7591 §3.2.2 error naming the rule, audited as dcr_failure.
import { policyLimit, type RegistrationPolicy } from '../../../../domain/tenant.ts';
import { InvalidClientMetadata, InvalidRedirectUri } from '../../../errors.ts';
import { uriPatternMatcher } from '../../../../domain/uris.ts';
import type { NewRegistration, WithClientCap, WithMetadata, WithTenant } from '../state.ts';

/** max_metadata_bytes counts the request body's bytes, before anything is parsed from it. */
export function checkMetadataSize({ request, tenant }: Pick<NewRegistration, 'request'> & WithTenant): void {
  const max = policyLimit(tenant.settings.registration_policy, 'max_metadata_bytes');
  const bytes = request.body === undefined ? 0 : Buffer.byteLength(request.body, 'utf8');
  if (max !== null && bytes > max) {
    throw new InvalidClientMetadata(`the registration is ${bytes} bytes; this tenant's registration_policy.max_metadata_bytes allows ${max}`);
  }
}

/** `host` is `pattern` or, for `*.example.com`, one of its subdomains. */
function hostMatches(host: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p;
}

function checkLists(policy: RegistrationPolicy, { metadata }: WithMetadata): void {
  const grants = policy.allowed_grant_types;
  const refusedGrants = grants ? metadata.grant_types.filter((g) => !grants.includes(g)) : [];
  if (refusedGrants.length)
    throw new InvalidClientMetadata(`grant_types ${refusedGrants.join(', ')} not allowed by this tenant's registration_policy.allowed_grant_types`);
  const methods = policy.allowed_token_endpoint_auth_methods;
  if (methods && !methods.includes(metadata.token_endpoint_auth_method)) {
    throw new InvalidClientMetadata(
      `token_endpoint_auth_method ${metadata.token_endpoint_auth_method} not allowed by this tenant's registration_policy.allowed_token_endpoint_auth_methods`,
    );
  }
  const uris = [...metadata.redirect_uris, ...(metadata.post_logout_redirect_uris ?? [])];
  const blocked = policy.blocked_redirect_hosts ?? [];
  for (const uri of uris) {
    const host = new URL(uri).hostname.toLowerCase();
    if (blocked.some((b) => hostMatches(host, b)))
      throw new InvalidRedirectUri(`${uri} points at a host this tenant's registration_policy.blocked_redirect_hosts refuses`);
  }
  const patterns = policy.allowed_redirect_uri_patterns?.map(uriPatternMatcher);
  const unmatched = patterns ? uris.find((uri) => !patterns.some((matches) => matches(uri))) : undefined;
  if (unmatched !== undefined) throw new InvalidRedirectUri(`${unmatched} matches none of this tenant's registration_policy.allowed_redirect_uri_patterns`);
}

/**
 * allowed_scopes: what a registered scope may hold (RFC 7591 §2). A registration without a
 * scope gets the allowed ones, since the registered scope is what bounds /authorize.
 */
function boundScope(policy: RegistrationPolicy, metadata: WithMetadata['metadata']): WithMetadata['metadata'] {
  const allowed = policy.allowed_scopes;
  if (!allowed) return metadata;
  // An empty list allows nothing: such a client may still ask for openid only.
  if (metadata.scope === undefined) return { ...metadata, scope: allowed.join(' ') };
  const refused = metadata.scope.split(' ').filter((s) => !allowed.includes(s));
  if (refused.length) throw new InvalidClientMetadata(`scope ${refused.join(' ')} not allowed by this tenant's registration_policy.allowed_scopes`);
  return metadata;
}

/** Counts are read at most this often per tenant; registrations in between are added locally. */
const COUNT_TTL_MS = 5000;
const counts = new Map<string, { n: number; at: number }>();

/** How close to max_clients the count is checked again in the store, with the client's insert. */
const nearCap = (max: number) => Math.max(50, Math.ceil(max / 10));

export const tooManyClients = (max: number) =>
  new InvalidClientMetadata(`this tenant holds ${max} dynamically registered clients, the most its registration_policy.max_clients allows`);

/**
 * max_clients: how many self-registered clients the tenant holds. Far from the cap the count is
 * cached briefly (a full count per registration would cost more than the registration). Within
 * the last tenth of it (at least 50) storeClient counts again in the transaction that inserts
 * the client, serialized with every other registration of the tenant (on any instance or
 * worker), so the cap itself is never overshot. Returns the cap when that is needed.
 */
async function checkClientCount(policy: RegistrationPolicy, stores: NewRegistration['stores']): Promise<WithClientCap> {
  const max = policyLimit(policy, 'max_clients');
  if (max === null) return {};
  let cached = counts.get(stores.tenantId);
  if (!cached || Date.now() - cached.at > COUNT_TTL_MS) {
    if (counts.size > 10_000) counts.clear();
    cached = { n: await stores.clients.countDynamicallyRegistered(), at: Date.now() };
    counts.set(stores.tenantId, cached);
  }
  if (cached.n >= max) throw tooManyClients(max);
  cached.n++;
  return cached.n >= max - nearCap(max) ? { maxClients: max } : {};
}

/** The rules on the metadata itself; also what an RFC 7592 update must meet. */
export function applyMetadataPolicy(state: WithTenant & WithMetadata): WithMetadata {
  const policy = state.tenant.settings.registration_policy;
  checkLists(policy, state);
  return { metadata: boundScope(policy, state.metadata) };
}

export async function applyRegistrationPolicy(state: Pick<NewRegistration, 'stores'> & WithTenant & WithMetadata): Promise<WithMetadata & WithClientCap> {
  const { metadata } = applyMetadataPolicy(state);
  return { metadata, ...(await checkClientCount(state.tenant.settings.registration_policy, state.stores)) };
}
