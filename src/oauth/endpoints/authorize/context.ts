// The typed stages an authorization request goes through as its steps run (DESIGN habit 6):
// each stage type names what the steps before it established, so later steps need no `!`.
import type { Client } from '../../../domain/client.ts';
import { userinfoAudience } from '../../../domain/grant.ts';
import type { ResourceServer } from '../../../domain/resource-server.ts';
import type { User } from '../../../domain/user.ts';
import type { RequestContext } from '../../../tenancy/context.ts';
import type { LoginSession } from '../../../storage/ports.ts';
import type { KeyService } from '../../tokens/keys.ts';
import type { ClientUsage } from '../../../services/client-usage.ts';

export type ResponseMode = 'query' | 'fragment' | 'form_post' | 'web_message';
export type ResponseTypePart = 'code' | 'token' | 'id_token';

/** What /authorize (and the login and consent pages) start from. */
export interface AuthorizeRequest {
  /** the tenant, its issuer and its (tenant-scoped) stores */
  ctx: RequestContext;
  keys: KeyService;
  /** records that the client was used once a response is issued */
  usage: ClientUsage;
  /** The client a client_id names: stored, or described by its metadata document (throws ClientMetadataRefused). */
  findClient(clientId: string): Promise<Client | undefined>;
  now: Date;
  /** raw session cookie value, if the browser sent one */
  sessionCookie: string | undefined;
  params: Record<string, string>;
  /**
   * The user has just confirmed, on the consent or confirmation page answered by this very
   * request, where a non-verifiable callback sends the result. Set by those pages only, never
   * from a parameter: it holds for one authorization.
   */
  callbackConfirmed?: boolean;
}

/** After loadClient. */
export interface WithClient {
  client: Client;
}

/** After checkRedirectUri. */
export interface WithRedirectUri {
  redirectUri: string;
  redirectUriSent: boolean;
  /** whether errors may be sent to the redirect URI (client and URI verified, not strict) */
  redirectable: boolean;
  /** open_redirect_protection: errors found before the user interacted are not redirected */
  protectedRedirect: boolean;
}

/** After parseResponseType (checkResponseMode may change the mode). */
export interface WithResponseType {
  responseType: ReadonlySet<ResponseTypePart>;
  responseMode: ResponseMode;
}

/** After requireNonce and checkPkce. */
export interface WithBindings {
  nonce?: string | undefined;
  codeChallenge?: string | undefined;
}

/** After resolveAudience: the API the tokens are for; undefined = /userinfo only. */
export interface WithAudience {
  api: ResourceServer | undefined;
}

/** After checkScopes. */
export interface WithScopes {
  scopes: string[];
}

/** After handlePrompt. */
export interface WithPrompts {
  prompts: ReadonlySet<string>;
  maxAge?: number | undefined;
}

/** A request every validation step accepted. */
export type ValidatedRequest = AuthorizeRequest & WithClient & WithRedirectUri & WithResponseType & WithBindings & WithAudience & WithScopes & WithPrompts;

/** After requireSession. */
export interface WithSession {
  session: LoginSession;
  user: User;
}

/** What an error can be delivered with: whatever the steps before it established. */
export type ErrorTarget = Pick<AuthorizeRequest, 'ctx' | 'params'> &
  Partial<Pick<WithRedirectUri, 'redirectUri' | 'redirectable' | 'protectedRedirect'> & Pick<WithResponseType, 'responseMode'>>;

/** A step's request to leave /authorize for an interaction page (login, consent). */
export interface Interaction {
  redirectTo: string;
}

export function newAuthorizeRequest(init: Omit<AuthorizeRequest, 'now'>): AuthorizeRequest {
  return { ...init, now: new Date() };
}

/** The key a consent decision is remembered under: the API, or /userinfo for OIDC-only requests. */
export const consentAudience = (a: Pick<AuthorizeRequest, 'ctx'> & WithAudience): string => a.api?.identifier ?? userinfoAudience(a.ctx.issuer);
