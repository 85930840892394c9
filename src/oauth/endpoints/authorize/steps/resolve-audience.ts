import { AccessDenied, InvalidRequest, OAuthError } from '../../../errors.ts';
import type { AuthorizeRequest, WithAudience, WithClient } from '../context.ts';

function isAbsoluteUriWithoutFragment(value: string): boolean {
  try {
    return !new URL(value).hash && !value.includes('#');
  } catch {
    return false;
  }
}

/**
 * Which API the access token is for: Auth0's `audience`, else RFC 8707's `resource` (sent by
 * MCP clients), else the tenant's default audience; `audience` wins when both are sent.
 * Unknown APIs are errors. The Management API cannot be requested here: its scopes are
 * for machine clients, not for apps acting for users. Strict third-party clients also need
 * a client grant for the API (Auth0 "default permissions for third-party apps").
 */
export async function resolveAudience({ client, params, ctx }: Pick<AuthorizeRequest, 'params' | 'ctx'> & WithClient): Promise<WithAudience> {
  const { audience, resource } = params;
  const usingResource = !audience && resource !== undefined && resource !== '';
  if (usingResource && !isAbsoluteUriWithoutFragment(resource)) {
    throw new OAuthError('invalid_target', 'The resource parameter must be an absolute URI without a fragment (RFC 8707).');
  }
  const identifier = audience || resource || ctx.tenant.settings.default_audience;
  if (!identifier) return { api: undefined };
  const api = await ctx.stores.resourceServers.findByIdentifier(identifier);
  if (!api || api.is_system) {
    if (usingResource) throw new OAuthError('invalid_target', `Unknown resource: ${identifier}`);
    throw new InvalidRequest(`Service not found: ${identifier}`);
  }
  if (client.third_party_security_mode === 'strict' && !(await ctx.stores.clientGrants.findFor(client.client_id, api.identifier))) {
    throw new AccessDenied(`Client "${client.client_id}" is not authorized to access resource server "${api.identifier}".`);
  }
  return { api };
}
