// A grant is a registered module: its type, the parameters it requires, and its handler.
import type { Client } from '../../../domain/client.ts';
import type { RequestContext } from '../../../tenancy/context.ts';
import type { Services } from '../../../services/container.ts';

export interface TokenRequest {
  ctx: RequestContext;
  services: Services;
  client: Client;
  params: Record<string, string>;
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

export interface Grant {
  /** grant_type value */
  type: string;
  /** parameters that must be present and non-empty (RFC 6749 §5.2 invalid_request otherwise) */
  required: readonly string[];
  /** whether a public client (token_endpoint_auth_method none) may use it */
  allowPublicClients: boolean;
  handle(req: TokenRequest): Promise<TokenResponse>;
}
