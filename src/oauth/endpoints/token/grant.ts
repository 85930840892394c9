// A grant is a registered module: its type, the parameters it requires, and its handler.
import type { Client } from '../../../domain/client.ts';
import type { Tenant } from '../../../domain/tenant.ts';
import type { TenantStores } from '../../../storage/ports.ts';
import type { KeyService } from '../../tokens/keys.ts';
import type { Params } from '../params.ts';

/** What a grant's handler is given: the authenticated client, its parameters, tenant-scoped ports. */
export interface TokenRequest<Required extends string = string> {
  tenant: Tenant;
  issuer: string;
  stores: TenantStores;
  keys: KeyService;
  client: Client;
  /** the required parameters are present and non-empty (the endpoint's requireGrantParams step) */
  params: Params & Record<Required, string>;
}

/** RFC 6749 §5.1 successful response (plus OIDC's id_token). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope?: string;
  id_token?: string;
  refresh_token?: string;
}

export interface Grant<Required extends string = string> {
  /** grant_type value */
  type: string;
  /** parameters that must be present and non-empty (RFC 6749 §5.2 invalid_request otherwise) */
  required: readonly Required[];
  /** whether a public client (token_endpoint_auth_method none) may use it */
  allowPublicClients: boolean;
  handle(req: TokenRequest<Required>): Promise<TokenResponse>;
}
