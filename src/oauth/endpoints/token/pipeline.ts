// POST /oauth/token (RFC 6749 §3.2) as an ordered list of steps: read the form, authenticate the
// client, pick the grant, then run the grant module, which does the grant-specific work.
import type { Tenant } from '../../../domain/tenant.ts';
import type { TenantStores } from '../../../storage/ports.ts';
import { InvalidRequest, UnauthorizedClient, UnsupportedGrantType } from '../../errors.ts';
import { pipeline } from '../../pipeline.ts';
import type { KeyService } from '../../tokens/keys.ts';
import type { ClientUsage } from '../../../services/client-usage.ts';
import {
  allowClientOrigins,
  authenticateClient,
  parseParams,
  readCredentials,
  type ClientRequest,
  type WithClient,
  type WithCredentials,
  type WithParams,
} from '../client-steps.ts';
import type { Grant, TokenResponse } from './grant.ts';
import { GRANTS } from './grants/index.ts';

export interface NewTokenRequest extends ClientRequest {
  tenant: Tenant;
  issuer: string;
  stores: TenantStores;
  keys: KeyService;
  usage: ClientUsage;
}

interface WithGrant {
  grant: Grant;
}

const GRANTS_BY_TYPE = new Map(GRANTS.map((g) => [g.type, g]));

export function pickGrant({ params }: WithParams): WithGrant {
  const type = params.grant_type;
  if (!type) throw new InvalidRequest('Missing required parameter: grant_type');
  const grant = GRANTS_BY_TYPE.get(type);
  if (!grant) throw new UnsupportedGrantType(`Unsupported grant type: ${type}`);
  return { grant };
}

export function requireGrantParams({ grant, params }: WithGrant & WithParams): void {
  for (const name of grant.required) if (!params[name]) throw new InvalidRequest(`Missing required parameter: ${name}`);
}

export function checkGrantAllowed({ grant, client, credentials }: WithGrant & WithClient & WithCredentials): void {
  if (!client.grant_types.includes(grant.type)) throw new UnauthorizedClient(`Grant type '${grant.type}' not allowed for the client.`);
  if (!grant.allowPublicClients && credentials.method === 'none') throw new UnauthorizedClient(`Grant type '${grant.type}' requires client authentication.`);
}

export async function runGrant(r: NewTokenRequest & WithParams & WithGrant & WithClient): Promise<{ response: TokenResponse }> {
  const { tenant, issuer, stores, keys, client, params } = r;
  return { response: await r.grant.handle({ tenant, issuer, stores, keys, client, params }) };
}

/** A token was issued, so the client is in use (expiry of unused registrations); never waits. */
export function recordClientUse({ usage, stores, client }: NewTokenRequest & WithClient): void {
  usage.record(stores, client.client_id);
}

// RFC 6749 §3.2.1: the client authenticates before anything about the grant is looked at, so
// that bad credentials are invalid_client whatever else is wrong with the request.
export const TOKEN_ENDPOINT = pipeline<NewTokenRequest>()
  .step(parseParams)
  .step(readCredentials)
  .step(authenticateClient)
  .step(allowClientOrigins)
  .step(pickGrant)
  .step(requireGrantParams)
  .step(checkGrantAllowed)
  .step(runGrant)
  .step(recordClientUse);
