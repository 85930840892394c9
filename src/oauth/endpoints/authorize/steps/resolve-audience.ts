import { InvalidRequest, OAuthError } from '../../../errors.ts';
import { userAccessTo } from '../../../api-access.ts';
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
 * for machine clients, not for apps acting for users. Third-party apps are held to the API's
 * access policy (Auth0 subject_type_authorization): refused here with access_denied.
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
  await userAccessTo(ctx.stores, client, api);
  return { api };
}
