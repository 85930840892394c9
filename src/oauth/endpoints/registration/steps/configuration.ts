// Steps of the RFC 7592 client configuration endpoint: the client reads, replaces or deletes its
// own registration with the registration access token it was given (RFC 7592 §2).
import { usesSecret, type Client } from '../../../../domain/client.ts';
import { newClientSecret } from '../../../../domain/ids.ts';
import { hashToken, newOpaqueToken, secretsEqual } from '../../../../crypto.ts';
import { InvalidRequest, InvalidToken } from '../../../errors.ts';
import { member } from '../policies/fields.ts';
import type { ClientMetadata } from '../policies/metadata.ts';
import { LIMITS } from '../policies/limits.ts';
import type { ClientConfiguration, WithAnswer, WithRegisteredClient } from '../configuration-state.ts';
import type { WithBody, WithMetadata, WithSoftwareStatement, WithTenant } from '../state.ts';
import { appTypeOf, clientInformation, withoutUndefined } from './client.ts';
import { bearerTokenOf } from './initial-access-token.ts';

/**
 * Off by default (Auth0 has no RFC 7592). Switched off later, every registration access token is
 * refused as invalid (401, RFC 6750 §3.1): the token no longer grants anything, and the answer
 * is the same whether or not the client exists. Switched on again, the tokens work again.
 */
export async function checkClientManagementEnabled({ loadTenant }: Pick<ClientConfiguration, 'loadTenant'>): Promise<WithTenant> {
  const tenant = await loadTenant();
  if (!tenant?.settings.registration_client_management_enabled) throw new InvalidToken('client registration management is not enabled on this tenant');
  return { tenant };
}

/** Compared when the client has no token, so that an unknown client costs what a known one does. */
const NO_TOKEN_HASH = hashToken('');

/**
 * RFC 7592 §2: the token must be the client's. A missing token, a wrong one, another client's,
 * an unknown client or one that did not register itself all get the same 401 (§2: the answer
 * must not reveal whether the client exists).
 */
export async function authenticateRegistrationAccessToken({
  request,
  stores,
  clientId,
}: Pick<ClientConfiguration, 'request' | 'stores' | 'clientId'>): Promise<WithRegisteredClient> {
  const token = bearerTokenOf(request.authorization) ?? '';
  const client = await stores.clients.findById(clientId);
  const expected = client?.dynamic_registration ? client.registration_access_token_hash : undefined;
  const matches = secretsEqual(hashToken(token), expected ?? NO_TOKEN_HASH);
  if (!client || expected === undefined || token === '' || !matches) throw new InvalidToken('the registration access token is invalid');
  return { current: client, presentedToken: token };
}

/** The client's registration as metadata (RFC 7591 §2), read back from what is stored now. */
export function metadataOf(client: Client): ClientMetadata {
  return {
    ...(client.registration_metadata as Partial<ClientMetadata>),
    client_name: client.name,
    redirect_uris: client.callbacks,
    ...(client.allowed_logout_urls.length && { post_logout_redirect_uris: client.allowed_logout_urls }),
    grant_types: client.grant_types as ClientMetadata['grant_types'],
    token_endpoint_auth_method: client.token_endpoint_auth_method,
    ...(client.logo_uri !== undefined && { logo_uri: client.logo_uri }),
  } as ClientMetadata;
}

const issuedAtOf = (client: Client) => new Date(client.dynamic_registration?.registered_at ?? client.createdAt);

/** RFC 7592 §3: GET answers the registration as the registration did, with the token presented. */
export function describeClient({ current, presentedToken, issuer }: WithRegisteredClient & Pick<ClientConfiguration, 'issuer'>): WithAnswer {
  return { response: clientInformation(current, issuedAtOf(current), metadataOf(current), { issuer, registrationAccessToken: presentedToken }) };
}

/** Members that only the server sets (RFC 7592 §2.2: the client MUST NOT send them). */
const SERVER_MEMBERS = ['registration_access_token', 'registration_client_uri', 'client_secret_expires_at', 'client_id_issued_at'];

/**
 * RFC 7592 §2.2: the body carries the client's own client_id; a client_secret, if sent, must
 * be the current one (a client cannot choose its secret); server-set members are refused.
 */
export function checkClientIdentity({ body, current }: WithBody & WithRegisteredClient): void {
  const clientId = member(body, 'client_id');
  if (clientId !== current.client_id)
    throw new InvalidRequest('client_id must be present in the body and be the client_id of this registration (RFC 7592 §2.2)');
  const secret = member(body, 'client_secret');
  if (secret !== undefined && (typeof secret !== 'string' || current.client_secret === null || !secretsEqual(secret, current.client_secret))) {
    throw new InvalidRequest('client_secret does not match the client secret issued to this client (RFC 7592 §2.2)');
  }
  const sent = SERVER_MEMBERS.filter((name) => member(body, name) !== undefined);
  if (sent.length) throw new InvalidRequest(`${sent.join(', ')} must not be sent: the server sets them (RFC 7592 §2.2)`);
}

/** After replaceRegistration. */
export interface WithReplacement {
  next: Client;
  registrationAccessToken: string;
}

/**
 * RFC 7592 §2.2: the metadata replaces the registration whole (omitted members take their
 * defaults). The secret stays unless the method changes to or from one without a secret
 * (`none`, `private_key_jwt`). The registration
 * access token is rotated, as node-oidc-provider does: the one presented stops working.
 */
export function replaceRegistration({
  current,
  metadata: m,
  softwareStatement: statement,
}: WithRegisteredClient & WithMetadata & WithSoftwareStatement): WithReplacement {
  const { redirect_uris, post_logout_redirect_uris, client_name, grant_types, token_endpoint_auth_method, logo_uri, ...registration } = m;
  const registrationAccessToken = newOpaqueToken();
  const next: Client = {
    ...current,
    name: client_name,
    app_type: appTypeOf(m),
    callbacks: redirect_uris,
    allowed_logout_urls: post_logout_redirect_uris ?? [],
    grant_types,
    token_endpoint_auth_method,
    client_secret: usesSecret(token_endpoint_auth_method) ? (current.client_secret ?? newClientSecret()) : null,
    // The statement, if any, is kept as sent and replaces the one registered with (RFC 7591 §2.3).
    registration_metadata: withoutUndefined({ ...registration, software_statement: statement?.jws }),
    registration_access_token_hash: hashToken(registrationAccessToken),
  };
  if (next.dynamic_registration) {
    const { software_statement: _previous, ...info } = next.dynamic_registration;
    next.dynamic_registration = {
      ...info,
      ...(statement && { software_statement: { iss: statement.iss, ...(statement.software_id !== undefined && { software_id: statement.software_id }) } }),
    };
  }
  if (logo_uri === undefined) delete next.logo_uri;
  else next.logo_uri = logo_uri;
  return { next, registrationAccessToken };
}

const who = (request: ClientConfiguration['request']) => ({ ip: request.ip, userAgent: request.userAgent.slice(0, LIMITS.userAgentLength) });

/** The new registration and its log entry land together. */
export async function saveRegistration({
  stores,
  request,
  current,
  next,
  metadata,
}: Pick<ClientConfiguration, 'stores' | 'request'> & WithRegisteredClient & WithReplacement & WithMetadata): Promise<void> {
  await stores.transaction(async (tx) => {
    // Only over the version the token was checked against: of two updates racing with one token,
    // one wins and the other finds its token rotated away (RFC 7592 §2.2).
    if (!(await tx.clients.replace(next, { ifUpdatedAt: current.updatedAt }))) throw new InvalidToken('the registration access token is invalid');
    await tx.logs.append({
      type: 'dcr_update',
      description: 'Dynamic client registration updated by the client (RFC 7592)',
      ...who(request),
      clientId: next.client_id,
      details: { client_name: metadata.client_name, redirect_uris: metadata.redirect_uris, token_endpoint_auth_method: metadata.token_endpoint_auth_method },
    });
  });
}

/** RFC 7592 §2.2: 200 with the registration as it now is, and the new token. */
export function describeReplacement({
  next,
  metadata,
  registrationAccessToken,
  issuer,
  softwareStatement,
}: WithReplacement & WithMetadata & WithSoftwareStatement & Pick<ClientConfiguration, 'issuer'>): WithAnswer {
  return {
    response: clientInformation(next, issuedAtOf(next), { ...metadata, software_statement: softwareStatement?.jws }, { issuer, registrationAccessToken }),
  };
}

/**
 * RFC 7592 §2.3: the client is gone at once, with what it held (client grants, users' consents,
 * refresh tokens, its place on connections), and the deletion is logged, all in one transaction.
 */
export async function deleteRegistration({ stores, request, current }: Pick<ClientConfiguration, 'stores' | 'request'> & WithRegisteredClient): Promise<void> {
  const clientId = current.client_id;
  await stores.transaction(async (tx) => {
    if (!(await tx.clients.delete(clientId))) throw new InvalidToken('the registration access token is invalid');
    await tx.clientGrants.deleteForClient(clientId);
    await tx.consents.deleteForClient(clientId);
    await tx.refreshTokens.deleteForClient(clientId);
    for (const c of await tx.connections.list()) {
      if (c.enabled_clients.includes(clientId))
        await tx.connections.setEnabledClients(
          c.id,
          c.enabled_clients.filter((id) => id !== clientId),
        );
    }
    await tx.logs.append({
      type: 'dcr_delete',
      description: 'Dynamic client registration deleted by the client (RFC 7592)',
      ...who(request),
      clientId,
      details: { client_name: current.name },
    });
  });
}
