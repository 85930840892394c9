// Steps that create the third-party client and answer (RFC 7591 §3.2.1).
import { usesSecret, type AppType } from '../../../../domain/client.ts';
import { newClientId, newClientSecret } from '../../../../domain/ids.ts';
import { hashToken, newOpaqueToken } from '../../../../crypto.ts';
import { InvalidToken } from '../../../errors.ts';
import { registrationEntry } from '../audit.ts';
import { UNUSABLE_INITIAL_ACCESS_TOKEN } from './initial-access-token.ts';
import { tooManyClients } from './policy.ts';
import { LIMITS } from '../policies/limits.ts';
import type { ClientMetadata } from '../policies/metadata.ts';
import type {
  NewClientRecord,
  NewRegistration,
  RegistrationResponse,
  WithClient,
  WithClientCap,
  WithInitialAccessToken,
  WithMetadata,
  WithResponse,
  WithSoftwareStatement,
  WithTenant,
} from '../state.ts';

/** Auth0's application types: native apps, browser apps (no secret), server-side web apps. */
export function appTypeOf(m: ClientMetadata): AppType {
  if (m.application_type === 'native') return 'native';
  return m.token_endpoint_auth_method === 'none' ? 'spa' : 'regular_web';
}

/**
 * A dynamically registered client is third-party (auth0-behaviour §1.5). In strict mode its
 * id starts with tpc_ and it is marked strict: /authorize requires PKCE of it and shows errors
 * on a page instead of redirecting them.
 */
export function buildClient({
  metadata: m,
  tenant,
  request,
  initialAccessToken,
  softwareStatement: statement,
}: Pick<NewRegistration, 'request'> & WithTenant & WithMetadata & WithInitialAccessToken & WithSoftwareStatement): WithClient {
  const strict = tenant.settings.dynamic_client_registration_security_mode === 'strict';
  const issuedAt = new Date();
  const { redirect_uris, post_logout_redirect_uris, client_name, grant_types, token_endpoint_auth_method, logo_uri, ...registration } = m;
  const client: NewClientRecord = {
    client_id: `${strict ? 'tpc_' : ''}${newClientId()}`,
    // private_key_jwt clients authenticate with their keys: no secret is issued (RFC 7591 §3.2.1).
    client_secret: usesSecret(token_endpoint_auth_method) ? newClientSecret() : null,
    name: client_name,
    app_type: appTypeOf(m),
    is_first_party: false,
    oidc_conformant: true,
    callbacks: redirect_uris,
    allowed_logout_urls: post_logout_redirect_uris ?? [],
    web_origins: [],
    allowed_origins: [],
    grant_types,
    token_endpoint_auth_method,
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
    ...(logo_uri !== undefined && { logo_uri }),
    ...(strict && { third_party_security_mode: 'strict' as const }),
    // What has no Auth0 field of its own, kept as registered (response_types, scope, contacts, ...).
    // The statement is kept as sent: a client information response returns it unmodified (RFC 7591 §3.2.1).
    registration_metadata: withoutUndefined({ ...registration, software_statement: statement?.jws }),
    dynamic_registration: {
      registered_at: issuedAt.toISOString(),
      ip: request.ip,
      user_agent: request.userAgent.slice(0, LIMITS.userAgentLength),
      ...(initialAccessToken && { initial_access_token_id: initialAccessToken.id }),
      ...(statement && { software_statement: { iss: statement.iss, ...(statement.software_id !== undefined && { software_id: statement.software_id }) } }),
    },
    // A registered callback is not a trusted one: errors are not redirected before the user acts (RFC 9700 §4.11.2).
    redirection_policy: 'open_redirect_protection',
  };
  if (!tenant.settings.registration_client_management_enabled) return { client, issuedAt };
  // RFC 7592 §3: the client manages its registration with this token; only its hash is kept.
  const registrationAccessToken = newOpaqueToken();
  return { client: { ...client, registration_access_token_hash: hashToken(registrationAccessToken) }, issuedAt, registrationAccessToken };
}

/**
 * The client and its audit entry land together, durably, before the 201 is sent. Concurrent
 * registrations share one commit (group commit), which is what lets open registration absorb
 * floods; near max_clients, or with an initial access token, they take a transaction each.
 */
export async function storeClient(
  state: Pick<NewRegistration, 'request' | 'stores'> & WithTenant & WithMetadata & WithClient & WithInitialAccessToken & WithClientCap,
): Promise<void> {
  const { client, initialAccessToken: iat, maxClients } = state;
  const entry = registrationEntry(state, client.client_id);
  if (!iat && maxClients === undefined) {
    await state.stores.clients.createWithAudit(client, entry);
    return;
  }
  // The token's use is counted in the transaction that stores the client: a registration
  // refused before this point costs no use, and racing registrations cannot exceed max_uses.
  const audit = iat ? { ...entry, details: { ...entry.details, initial_access_token_id: iat.id } } : entry;
  await state.stores.transaction(async (tx) => {
    if (maxClients !== undefined && (await tx.clients.countDynamicallyRegisteredExclusively()) >= maxClients) throw tooManyClients(maxClients);
    if (iat && (await tx.initialAccessTokens.consume(iat.hash, new Date())) === undefined) throw new InvalidToken(UNUSABLE_INITIAL_ACCESS_TOKEN);
    await tx.clients.createWithAudit(client, audit);
  });
}

export function withoutUndefined<T extends object>(value: T): RegistrationResponse {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as RegistrationResponse;
}

/** RFC 7592 §3: where the client manages its registration. */
export const registrationClientUri = (issuer: string, clientId: string): string => `${issuer}oidc/register/${encodeURIComponent(clientId)}`;

/**
 * RFC 7591 §3.2.1: the registered metadata plus the credentials; no secret for `none`. With
 * RFC 7592 on, also the registration access token and the client configuration endpoint (§3).
 */
export function clientInformation(
  client: Pick<NewClientRecord, 'client_id' | 'client_secret'>,
  issuedAt: Date,
  metadata: ClientMetadata,
  management?: { issuer: string; registrationAccessToken: string },
): RegistrationResponse {
  return withoutUndefined({
    client_id: client.client_id,
    ...(client.client_secret !== null && { client_secret: client.client_secret }),
    client_id_issued_at: Math.floor(issuedAt.getTime() / 1000),
    // 0: the secret does not expire (RFC 7591 §3.2.1); openid-client requires the member.
    client_secret_expires_at: 0,
    ...metadata,
    ...(management && {
      registration_access_token: management.registrationAccessToken,
      registration_client_uri: registrationClientUri(management.issuer, client.client_id),
    }),
  });
}

/** The 201: the client information, with the software statement as sent (RFC 7591 §3.2.1). */
export function respond({
  client,
  issuedAt,
  metadata,
  registrationAccessToken,
  issuer,
  softwareStatement,
}: WithClient & WithMetadata & WithSoftwareStatement & Pick<NewRegistration, 'issuer'>): WithResponse {
  const management = registrationAccessToken === undefined ? undefined : { issuer, registrationAccessToken };
  return { response: clientInformation(client, issuedAt, { ...metadata, software_statement: softwareStatement?.jws }, management) };
}
