// The typed state an authorization request accumulates as its steps run (DESIGN habit 6).
import type { Client } from '../../../domain/client.ts';
import type { ResourceServer } from '../../../domain/resource-server.ts';
import type { User } from '../../../domain/user.ts';
import type { RequestContext } from '../../../tenancy/context.ts';
import type { Services } from '../../../services/container.ts';
import type { LoginSession } from '../../../storage/ports.ts';

export type ResponseMode = 'query' | 'fragment' | 'form_post' | 'web_message';
export type ResponseTypePart = 'code' | 'token' | 'id_token';

export interface AuthorizeContext {
  ctx: RequestContext;
  services: Services;
  now: Date;
  /** raw session cookie value, if the browser sent one */
  sessionCookie: string | undefined;
  params: Record<string, string>;

  client?: Client;
  redirectUri?: string;
  redirectUriSent?: boolean;
  /** true once errors may be sent to the redirect URI (client and URI verified, not strict) */
  redirectable: boolean;
  responseType?: ReadonlySet<ResponseTypePart>;
  responseMode?: ResponseMode;
  nonce?: string;
  codeChallenge?: string;
  /** the API the tokens are for; undefined = /userinfo only */
  api?: ResourceServer;
  scopes: string[];
  prompts: ReadonlySet<string>;
  maxAge?: number;
  session?: LoginSession;
  user?: User;
}

/** A step's request to leave /authorize for an interaction page (login, consent). */
export interface Interaction {
  redirectTo: string;
}

export type Step = (a: AuthorizeContext) => Promise<void | Interaction> | void | Interaction;

export function newAuthorizeContext(init: Pick<AuthorizeContext, 'ctx' | 'services' | 'params' | 'sessionCookie'>): AuthorizeContext {
  return { ...init, now: new Date(), redirectable: false, scopes: [], prompts: new Set() };
}

/** Narrowing helpers for steps that run after the step that sets a field. */
export function clientOf(a: AuthorizeContext): Client {
  if (!a.client) throw new Error('step order: client not loaded');
  return a.client;
}

export function userOf(a: AuthorizeContext): User {
  if (!a.user) throw new Error('step order: user not loaded');
  return a.user;
}

/** The key a consent decision is remembered under: the API, or /userinfo for OIDC-only requests. */
export const consentAudience = (a: AuthorizeContext): string => a.api?.identifier ?? `${a.ctx.issuer}userinfo`;
