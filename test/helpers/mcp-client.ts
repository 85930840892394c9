// An in-memory OAuthClientProvider for the MCP SDK's client, as an MCP host keeps one per
// server: it holds the registration (or a Client ID Metadata Document URL), the tokens, the PKCE
// verifier and the discovery state, and records where it was sent to sign in instead of opening
// a browser. Works with the 1.x SDK and the 2.x client alike.
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

export interface MemoryOAuthProviderOptions {
  redirectUrl: string;
  clientName: string;
  state: string;
  /** an earlier registration; without one the SDK registers (or uses the metadata document) */
  info?: OAuthClientInformationMixed;
  /** the client's metadata document: the SDK then uses it as client_id instead of registering */
  clientMetadataUrl?: string;
}

export class MemoryOAuthProvider implements OAuthClientProvider {
  /** set only when given: the SDK tells metadata-document clients apart by it */
  declare readonly clientMetadataUrl?: string;
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | undefined;
  discovery: unknown;

  constructor(private readonly options: MemoryOAuthProviderOptions) {
    this.info = options.info;
    if (options.clientMetadataUrl !== undefined) Object.defineProperty(this, 'clientMetadataUrl', { value: options.clientMetadataUrl, enumerable: true });
  }
  get redirectUrl() {
    return this.options.redirectUrl;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.options.clientName,
      redirect_uris: [this.options.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() {
    return this.options.state;
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
  saveDiscoveryState(state: unknown) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery as never;
  }
}
