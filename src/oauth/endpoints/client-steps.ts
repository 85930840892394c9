// Steps shared by the endpoints a client calls with its credentials (token, revocation):
// read the form, authenticate the client (RFC 6749 §2.3), let its origins read the answer.
import type { Client } from '../../domain/client.ts';
import type { OutboundFetcher } from '../../outbound/fetcher.ts';
import type { TenantStores } from '../../storage/ports.ts';
import { authenticateClient as checkCredentials, presentedCredentials, type PresentedCredentials } from '../client-auth/authenticate.ts';
import { readParams, type Params } from './params.ts';
import { ClientMetadataRefused } from '../cimd/documents.ts';
import { InvalidClient } from '../errors.ts';

/** What these endpoints are given about the request. */
export interface ClientRequest {
  /** the parsed body (form or JSON) */
  body: unknown;
  /** the Authorization header */
  authorization: string | undefined;
  stores: Pick<TenantStores, 'tenantId' | 'clients' | 'clientAssertions' | 'logs'>;
  /** The client a client_id names: stored, or described by its metadata document (throws ClientMetadataRefused). */
  findClient(clientId: string): Promise<Client | undefined>;
  /** the tenant's issuer (with its trailing slash): a client assertion's audience */
  issuer: string;
  /** fetches a private_key_jwt client's jwks_uri */
  outbound: Pick<OutboundFetcher, 'fetchJson'>;
  ip: string;
  /** lets the calling page read the answer when its origin belongs to the client (CORS) */
  allowCors(client: Client): void;
}

export interface WithParams {
  params: Params;
}

export interface WithCredentials {
  credentials: PresentedCredentials;
}

export interface WithClient {
  client: Client;
}

export function parseParams({ body }: Pick<ClientRequest, 'body'>): WithParams {
  return { params: readParams(body) };
}

export function readCredentials({ authorization, params }: Pick<ClientRequest, 'authorization'> & WithParams): WithCredentials {
  return { credentials: presentedCredentials(authorization, params) };
}

/**
 * The client authenticated as it registered (RFC 6749 §2.3). A metadata document that cannot be
 * used is invalid_client, with its reason (draft-ietf-oauth-client-id-metadata-document §5.1).
 */
export async function authenticateClient({
  stores,
  findClient,
  issuer,
  outbound,
  ip,
  credentials,
}: Pick<ClientRequest, 'stores' | 'findClient' | 'issuer' | 'outbound' | 'ip'> & WithCredentials): Promise<WithClient> {
  const clients = {
    findById: async (clientId: string) => {
      try {
        return await findClient(clientId);
      } catch (err) {
        if (err instanceof ClientMetadataRefused) throw new InvalidClient(err.message, credentials.method === 'client_secret_basic');
        throw err;
      }
    },
  };
  const client = await checkCredentials(clients, credentials, {
    issuer,
    tenantId: stores.tenantId,
    outbound,
    clientAssertions: stores.clientAssertions,
    // The fetcher's one-line reason, for the tenant owner (Auth0 log type `w`: a warning).
    onKeysUnavailable: async (clientId, jwksUri, reason) => {
      await stores.logs.append({
        type: 'w',
        description: `The jwks_uri of the client could not be fetched: ${reason}`,
        ip,
        userAgent: null,
        clientId,
        details: { jwks_uri: jwksUri, reason },
      });
    },
  });
  return { client };
}

/** Before any later refusal, so that the client's page can read it. */
export function allowClientOrigins({ allowCors, client }: Pick<ClientRequest, 'allowCors'> & WithClient): void {
  allowCors(client);
}
