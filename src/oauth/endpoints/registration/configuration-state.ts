// What the RFC 7592 client configuration endpoint's steps share (GET/PUT/DELETE /oidc/register/{client_id}).
import type { Client } from '../../../domain/client.ts';
import type { TenantStores } from '../../../storage/ports.ts';
import type { NewRegistration, RegistrationResponse } from './state.ts';

/** The request: the registration request's parts plus the client named in the path. */
export interface ClientConfiguration extends Omit<NewRegistration, 'stores' | 'rateLimitsOn'> {
  readonly clientId: string;
  readonly stores: NewRegistration['stores'] & Pick<TenantStores, 'clientGrants' | 'consents' | 'refreshTokens' | 'connections'>;
}

/** After authenticateRegistrationAccessToken: the client the token belongs to. */
export interface WithRegisteredClient {
  current: Client;
  /** the token presented; GET answers it again (RFC 7592 §3 requires the member) */
  presentedToken: string;
}

/** After updateClient / respond: the answer. */
export interface WithAnswer {
  response: RegistrationResponse;
}
