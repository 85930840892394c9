// OpenID Provider Metadata (OIDC Discovery 1.0 §3) and OAuth AS Metadata (RFC 8414 §2).
// One document per issuer, serialized once. Endpoints are listed once they exist;
// registration_endpoint is always listed, as Auth0 does (auth0-behaviour checklist 2).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ASSERTION_ALGORITHMS } from '../client-auth/private-key-jwt.ts';

/** What a tenant's settings add to its document. */
export interface DiscoveryOptions {
  /** draft-ietf-oauth-client-id-metadata-document §6: listed only while the tenant fetches documents */
  clientIdMetadataDocuments?: boolean;
}

export function discoveryDocument(issuer: string, options: DiscoveryOptions = {}): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}authorize`,
    token_endpoint: `${issuer}oauth/token`,
    userinfo_endpoint: `${issuer}userinfo`,
    jwks_uri: `${issuer}.well-known/jwks.json`,
    registration_endpoint: `${issuer}oidc/register`,
    revocation_endpoint: `${issuer}oauth/revoke`,
    end_session_endpoint: `${issuer}oidc/logout`,
    scopes_supported: [
      'openid',
      'profile',
      'offline_access',
      'name',
      'given_name',
      'family_name',
      'nickname',
      'email',
      'email_verified',
      'picture',
      'created_at',
    ],
    response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'id_token token', 'code id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt'],
    // private_key_jwt (OIDC Discovery 1.0 §3, RFC 8414 §2): exactly the algorithms accepted
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    revocation_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
    claims_supported: [
      'aud',
      'auth_time',
      'created_at',
      'email',
      'email_verified',
      'exp',
      'family_name',
      'given_name',
      'iat',
      'iss',
      'name',
      'nickname',
      'nonce',
      'picture',
      'sid',
      'sub',
      'updated_at',
    ],
    request_uri_parameter_supported: false,
    request_parameter_supported: false,
    // RFC 9207
    authorization_response_iss_parameter_supported: true,
    ...(options.clientIdMetadataDocuments && { client_id_metadata_document_supported: true }),
  };
}

export function registerDiscovery(app: FastifyInstance): void {
  const cache = new Map<string, string>();
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const { issuer, tenant } = request.ctx;
    const clientIdMetadataDocuments = tenant.settings.client_id_metadata_document_supported === true;
    const key = `${issuer}\n${clientIdMetadataDocuments}`;
    let body = cache.get(key);
    if (body === undefined) {
      body = JSON.stringify(discoveryDocument(issuer, { clientIdMetadataDocuments }));
      if (cache.size > 1000) cache.clear();
      cache.set(key, body);
    }
    return reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300').type('application/json; charset=utf-8').send(body);
  };
  app.get('/.well-known/openid-configuration', serve);
  app.get('/.well-known/oauth-authorization-server', serve);
}
