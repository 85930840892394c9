// The typed stages a logout request goes through as its steps run (DESIGN habit 6): each
// stage type names what the steps before it established, so later steps need no `!`.
import type { Client } from '../../../domain/client.ts';
import type { RequestContext } from '../../../tenancy/context.ts';
import type { KeyService } from '../../tokens/keys.ts';

/** What both logout endpoints start from. */
export interface LogoutRequest {
  /** the tenant, its issuer and its (tenant-scoped) stores */
  ctx: RequestContext;
  /** query or form parameters, single string values only */
  params: Record<string, string>;
  /** ends the browser's session and logs it (Auth0 log type slo) */
  logOut(client: Client | undefined): Promise<void>;
  /** `sid` and user of this browser's sign-in session, if it has one (read only when a hint needs comparing) */
  session(): Promise<{ sid: string; sub: string } | undefined>;
}

/** /oidc/logout also verifies id_token_hint. */
export interface OidcLogoutRequest extends LogoutRequest {
  keys: KeyService;
}

/** The answer to the confirmation form (a POST with `logout`). */
export interface LogoutAnswer extends OidcLogoutRequest {
  /** whether the form's CSRF token matched the cookie */
  csrfValid: boolean;
}

/** After readClientId or verifyIdTokenHint: the client the request names, if any. */
export interface WithClientId {
  clientId: string | undefined;
}

/** After verifyIdTokenHint. */
export interface WithHint {
  /** a valid id_token_hint was sent: the session ends without asking */
  hinted: boolean;
  /** the hint's `sid`: whether it was issued to this very session */
  hintSid?: string | undefined;
  /** the hint's `sub`: whether it names this session's user */
  hintSub?: string | undefined;
  /** a valid hint was sent, for another session or user than this browser's */
  hintForAnotherSession?: boolean;
}

/** After loadClient. */
export interface WithClient {
  client: Client | undefined;
}

/** After checkReturnTo or checkPostLogoutRedirectUri: where the browser goes; undefined = the logged-out page. */
export interface WithTarget {
  target: string | undefined;
}

/** After guardTarget: under open_redirect_protection the target is offered as a link, not redirected to. */
export interface WithGuardedTarget extends WithTarget {
  linkOnly: boolean;
}

/** A step's request to ask the user first, with the parameters the form carries along. */
export interface Confirmation {
  hidden: Record<string, string>;
  /** the request named another session than this browser's (the page says so) */
  anotherSession: boolean;
}

/** A step's request to show the error page instead. */
export interface ErrorPage {
  status: number;
  error: string;
  description: string;
}
