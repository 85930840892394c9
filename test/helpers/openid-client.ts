// The start of an authorization code flow as an app using openid-client does it: discovery,
// a PKCE verifier (RFC 7636, S256) and the /authorize URL with a nonce of 'n'.
import * as oidc from 'openid-client';

export interface CodeFlowStart {
  config: oidc.Configuration;
  url: URL;
  verifier: string;
}

export async function startCodeFlow(
  issuer: string,
  client: { client_id: string; client_secret?: string | null },
  params: Record<string, string> & { redirect_uri: string; scope: string },
): Promise<CodeFlowStart> {
  const auth = client.client_secret ? oidc.ClientSecretPost(client.client_secret) : oidc.None();
  const config = await oidc.discovery(new URL(issuer), client.client_id, undefined, auth, { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    ...params,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce: 'n',
  });
  return { config, url, verifier };
}
