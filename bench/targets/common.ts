// What both identity servers are asked to do, in the same words.
import { Browser, pkcePair } from '../lib/form-flow.ts';

export const API = 'https://api.bench.example/';
export const API_SCOPE = 'read:bench';
/** An API with RBAC on (Latchkey only): the bench user holds API_SCOPE through a role. */
export const RBAC_API = 'https://rbac.bench.example/';
export const REDIRECT_URI = 'https://app.example.com/callback';
export const USER = { email: 'bench-user@example.com', password: 'Bench-password-1234' };

/** RFC 7591 registration request, as an SPA or MCP client would send it. */
export const REGISTRATION_BODY = JSON.stringify({
  client_name: 'Bench App',
  redirect_uris: [REDIRECT_URI],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_post',
});

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const JSON_TYPE = { 'content-type': 'application/json' };

export const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

/**
 * Authorization codes minted through the server's own /authorize, login and consent pages, with
 * PKCE (S256), and the token request body that exchanges each of them. `target` is the
 * parameter naming the API: Auth0's `audience` or RFC 8707's `resource`.
 */
export function codeExchange(opts: { baseUrl: string; clientId: string; clientSecret: string; target: 'audience' | 'resource'; api?: string }) {
  const pkce = pkcePair();
  const authorizeUrl =
    `${opts.baseUrl}/authorize?` +
    form({
      response_type: 'code',
      client_id: opts.clientId,
      redirect_uri: REDIRECT_URI,
      scope: `openid ${API_SCOPE}`,
      [opts.target]: opts.api ?? API,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      nonce: 'bench-nonce',
    });
  const browser = new Browser({ authorizeUrl, redirectUri: REDIRECT_URI, user: USER });
  return {
    async prepare(n: number): Promise<string[]> {
      const codes = await browser.codes(n);
      return codes.map((code) =>
        form({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          client_id: opts.clientId,
          client_secret: opts.clientSecret,
          code_verifier: pkce.verifier,
        }),
      );
    },
  };
}
