import { InvalidRequest, OAuthError, UnauthorizedClient } from '../../../errors.ts';
import { clientOf, type AuthorizeContext, type ResponseTypePart } from '../context.ts';

const PARTS: readonly ResponseTypePart[] = ['code', 'token', 'id_token'];

/**
 * RFC 6749 §3.1.1 and OAuth 2.0 Multiple Response Types §3: a space-separated set, in any
 * order. Sets the default response mode (query for code, fragment when tokens travel in the
 * response), then checks that the client may use the grants the response type implies.
 */
export function parseResponseType(a: AuthorizeContext): void {
  const client = clientOf(a);
  const raw = a.params.response_type;
  if (!raw) throw new InvalidRequest('Missing required parameter: response_type');
  const parts = raw.split(' ').filter(Boolean);
  const set = new Set(parts);
  if (set.size !== parts.length || parts.some((p) => !PARTS.includes(p as ResponseTypePart))) {
    throw new OAuthError('unsupported_response_type', `Unsupported response type: ${raw}`);
  }
  const responseType = set as Set<ResponseTypePart>;
  a.responseType = responseType;
  const implicit = responseType.has('token') || responseType.has('id_token');
  a.responseMode = implicit ? 'fragment' : 'query';

  if (implicit && client.third_party_security_mode === 'strict') {
    throw new OAuthError('unsupported_response_type', `Unsupported response type: ${raw}`);
  }
  if (implicit && !client.grant_types.includes('implicit')) throw new UnauthorizedClient("Grant type 'implicit' not allowed for the client.");
  if (responseType.has('code') && !client.grant_types.includes('authorization_code')) {
    throw new UnauthorizedClient("Grant type 'authorization_code' not allowed for the client.");
  }
}
