// RFC 6749 §4.4 client credentials, with Auth0's `audience` and client grants (auth0-behaviour §3.1).
import { AccessDenied } from '../../../errors.ts';
import { issueAccessToken } from '../../../tokens/access-token.ts';
import type { Grant } from '../grant.ts';
import { parseScope } from '../../../scope.ts';
import { clientGrantFor } from '../../../api-access.ts';
import { tokenDialectOf } from '../../../../domain/resource-server.ts';

export const clientCredentialsGrant: Grant = {
  type: 'client_credentials',
  required: [],
  allowPublicClients: false,
  async handle({ tenant, issuer, stores, keys, client, params }) {
    const audience = params.audience || tenant.settings.default_audience;
    if (!audience) throw new AccessDenied('No audience parameter was provided, and no default audience has been configured');
    const api = await stores.resourceServers.findByIdentifier(audience);
    if (!api) throw new AccessDenied(`Service not enabled within domain: ${audience}`);
    // The API's client policy (Auth0 subject_type_authorization.client) and a client-type grant.
    const grant = await clientGrantFor(stores, client, api);
    let scopes = grant.scope;
    if (params.scope !== undefined) {
      const requested = parseScope(params.scope);
      const missing = requested.filter((s) => !grant.scope.includes(s));
      if (missing.length) throw new AccessDenied(`Client has not been granted scopes: ${missing.join(', ')}`);
      scopes = requested;
    }
    const { token, expiresIn } = await issueAccessToken(keys, {
      tenantId: tenant.id,
      issuer,
      subject: `${client.client_id}@clients`,
      audience: api.identifier,
      clientId: client.client_id,
      scopes,
      lifetimeSeconds: api.token_lifetime,
      gty: 'client-credentials',
      // Machine tokens keep the client-grant model: with an _authz dialect, permissions = scopes (Auth0).
      dialect: tokenDialectOf(api),
      permissions: scopes,
    });
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, ...(scopes.length ? { scope: scopes.join(' ') } : {}) };
  },
};
