import { InvalidRequest } from '../../../errors.ts';
import { clientOf, type AuthorizeContext } from '../context.ts';

/**
 * RFC 7636 §4.3: S256 only (a missing method means `plain`, which is refused). Required for
 * public clients (RFC 9700 §2.1.1) and for strict third-party clients (Auth0's profile).
 */
export function checkPkce(a: AuthorizeContext): void {
  if (!a.responseType!.has('code')) return;
  const client = clientOf(a);
  const challenge = a.params.code_challenge;
  const method = a.params.code_challenge_method;
  if (challenge === undefined) {
    if (method !== undefined) throw new InvalidRequest('Missing required parameter: code_challenge');
    if (client.token_endpoint_auth_method === 'none' || client.third_party_security_mode === 'strict') {
      throw new InvalidRequest('Missing required parameter: code_challenge (PKCE with S256 is required for this client)');
    }
    return;
  }
  if ((method ?? 'plain') !== 'S256') throw new InvalidRequest(`Unsupported code_challenge_method: ${method ?? 'plain'}. Use S256.`);
  // RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters.
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) throw new InvalidRequest('Invalid code_challenge: expected 43 base64url characters (S256).');
  a.codeChallenge = challenge;
}
