import { InvalidRequest, OAuthError, UnauthorizedClient } from '../../../errors.ts';
import type { AuthorizeRequest, ResponseTypePart, WithClient, WithResponseType } from '../context.ts';

const PARTS: readonly ResponseTypePart[] = ['code', 'token', 'id_token'];

const implicit = (responseType: ReadonlySet<ResponseTypePart>) => responseType.has('token') || responseType.has('id_token');

/**
 * RFC 6749 §3.1.1 and OAuth 2.0 Multiple Response Types §3: a space-separated set, in any
 * order. Sets the default response mode: query for code, fragment when tokens travel in the
 * response (errors from here on use it too).
 */
export function parseResponseType({ params }: Pick<AuthorizeRequest, 'params'>): WithResponseType {
  const raw = params.response_type;
  if (!raw) throw new InvalidRequest('Missing required parameter: response_type');
  const parts = raw.split(' ').filter(Boolean);
  const set = new Set(parts);
  if (set.size !== parts.length || parts.some((p) => !PARTS.includes(p as ResponseTypePart))) {
    throw new OAuthError('unsupported_response_type', `Unsupported response type: ${raw}`);
  }
  const responseType = set as Set<ResponseTypePart>;
  return { responseType, responseMode: implicit(responseType) ? 'fragment' : 'query' };
}

/** The client may use the grants the response type implies; strict third-party clients code only. */
export function checkResponseTypeAllowed({ client, params, responseType }: Pick<AuthorizeRequest, 'params'> & WithClient & WithResponseType): void {
  if (implicit(responseType) && client.third_party_security_mode === 'strict') {
    throw new OAuthError('unsupported_response_type', `Unsupported response type: ${params.response_type}`);
  }
  if (implicit(responseType) && !client.grant_types.includes('implicit')) throw new UnauthorizedClient("Grant type 'implicit' not allowed for the client.");
  if (responseType.has('code') && !client.grant_types.includes('authorization_code')) {
    throw new UnauthorizedClient("Grant type 'authorization_code' not allowed for the client.");
  }
}
