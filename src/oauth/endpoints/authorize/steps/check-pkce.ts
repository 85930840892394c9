import { InvalidRequest } from '../../../errors.ts';
import type { AuthorizeRequest, WithBindings, WithClient, WithResponseType } from '../context.ts';

/**
 * RFC 7636 §4.3: S256 only (a missing method means `plain`, which is refused). Required for
 * public clients (RFC 9700 §2.1.1), for strict third-party clients (Auth0's profile) and for
 * clients named by a metadata document (MCP authorization requires S256 of every client).
 */
export function checkPkce({
  client,
  params,
  responseType,
}: Pick<AuthorizeRequest, 'params'> & WithClient & Pick<WithResponseType, 'responseType'>): Pick<WithBindings, 'codeChallenge'> {
  const none = { codeChallenge: undefined };
  if (!responseType.has('code')) return none;
  const challenge = params.code_challenge;
  const method = params.code_challenge_method;
  if (challenge === undefined) {
    if (method !== undefined) throw new InvalidRequest('Missing required parameter: code_challenge');
    if (client.token_endpoint_auth_method === 'none' || client.third_party_security_mode === 'strict' || client.external_client_id !== undefined) {
      throw new InvalidRequest('Missing required parameter: code_challenge (PKCE with S256 is required for this client)');
    }
    return none;
  }
  if ((method ?? 'plain') !== 'S256') throw new InvalidRequest(`Unsupported code_challenge_method: ${method ?? 'plain'}. Use S256.`);
  // RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters.
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) throw new InvalidRequest('Invalid code_challenge: expected 43 base64url characters (S256).');
  return { codeChallenge: challenge };
}
