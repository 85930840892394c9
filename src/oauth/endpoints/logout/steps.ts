// The steps of GET /v2/logout (Auth0) and GET/POST /oidc/logout (OpenID Connect
// RP-Initiated Logout 1.0 §2-3). Each reads what it needs and returns what it establishes.
import { CSRF_FAILED } from '../../../web/csrf.ts';
import { InvalidRequest } from '../../errors.ts';
import { stop, type Stop } from '../../pipeline.ts';
import { verifyOwnJwtIgnoringExpiry } from '../../tokens/verify.ts';
import { redirectionPolicyOf } from '../../../domain/client.ts';
import type {
  Confirmation,
  ErrorPage,
  LogoutAnswer,
  LogoutRequest,
  OidcLogoutRequest,
  WithClient,
  WithClientId,
  WithGuardedTarget,
  WithHint,
  WithTarget,
} from './context.ts';

/** Auth0: the client is named by client_id alone. */
export function readClientId({ params }: Pick<LogoutRequest, 'params'>): WithClientId {
  return { clientId: params.client_id };
}

/** §2: the hint names the client (its audience) and lets the session end without asking; it may have expired. */
export async function verifyIdTokenHint({ ctx, keys, params }: Pick<OidcLogoutRequest, 'ctx' | 'keys' | 'params'>): Promise<WithClientId & WithHint> {
  const hint = params.id_token_hint;
  if (!hint) return { clientId: params.client_id, hinted: false };
  let aud: unknown;
  let sid: unknown;
  let sub: unknown;
  try {
    ({ aud, sid, sub } = await verifyOwnJwtIgnoringExpiry(keys, ctx.tenant.id, ctx.issuer, hint));
  } catch {
    throw new InvalidRequest('Invalid id_token_hint.');
  }
  const audience = Array.isArray(aud) ? aud[0] : aud;
  if (typeof audience !== 'string') throw new InvalidRequest('Invalid id_token_hint.');
  // §2: client_id, when sent with a hint, must be the hint's audience.
  if (params.client_id !== undefined && params.client_id !== audience) throw new InvalidRequest('client_id does not match the id_token_hint audience.');
  return { clientId: audience, hinted: true, hintSid: typeof sid === 'string' ? sid : undefined, hintSub: typeof sub === 'string' ? sub : undefined };
}

/**
 * §2: a hint whose `sid` or `sub` does not match this browser's session is suspect (a stale tab,
 * another user's token, or a link crafted to sign someone out): nothing ends and nothing
 * redirects until the user confirms, as without a hint. Without a session there is nothing to end.
 */
export async function distrustHintForAnotherSession({ hinted, hintSid, hintSub, session }: WithHint & Pick<LogoutRequest, 'session'>): Promise<WithHint> {
  if (!hinted) return { hinted };
  const current = await session();
  if (!current) return { hinted, hintSid, hintSub };
  const matches = hintSub === current.sub && (hintSid === undefined || hintSid === current.sid);
  return matches ? { hinted, hintSid, hintSub } : { hinted: false, hintForAnotherSession: true };
}

export async function loadClient({ ctx, clientId }: Pick<LogoutRequest, 'ctx'> & WithClientId): Promise<WithClient> {
  if (!clientId) return { client: undefined };
  const client = await ctx.stores.clients.findById(clientId);
  if (!client) throw new InvalidRequest(`Unknown client: ${clientId}`);
  return { client };
}

/** Strict third-party apps have no logout endpoints (auth0-behaviour §4.8). */
export function checkLogoutAllowed({ client }: WithClient): void {
  if (client?.third_party_security_mode === 'strict') throw new InvalidRequest('Logout is not available for this application.');
}

/** Auth0: returnTo must be one of the client's Allowed Logout URLs; without it, the first of them. */
export function checkReturnTo({ params, client }: Pick<LogoutRequest, 'params'> & WithClient): WithTarget {
  const { returnTo } = params;
  if (returnTo !== undefined && !client?.allowed_logout_urls.includes(returnTo)) {
    throw new InvalidRequest(`The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs".`);
  }
  return { target: returnTo ?? client?.allowed_logout_urls[0] };
}

/** §2-3: post_logout_redirect_uri must be registered for the client (Allowed Logout URLs); `state` goes back to it. */
export function checkPostLogoutRedirectUri({ params, client }: Pick<LogoutRequest, 'params'> & WithClient): WithTarget {
  const uri = params.post_logout_redirect_uri;
  if (uri === undefined) return { target: undefined };
  if (!client) throw new InvalidRequest('post_logout_redirect_uri requires id_token_hint or client_id.');
  if (!client.allowed_logout_urls.includes(uri))
    throw new InvalidRequest(`The post_logout_redirect_uri "${uri}" is not defined as a valid URL in "Allowed Logout URLs".`);
  const url = new URL(uri);
  if (params.state !== undefined) url.searchParams.set('state', params.state);
  return { target: url.toString() };
}

/**
 * RFC 9700 §4.11.2: a client under open_redirect_protection (every self-registered one by
 * default) is not sent to its logout URL on the word of a link anyone could craft; the page
 * offers the link instead. A hint issued to this very session (its `sid`) is proof enough.
 */
export async function guardTarget({
  client,
  target,
  hintSid,
  session,
}: WithClient & WithTarget & Partial<WithHint> & Pick<LogoutRequest, 'session'>): Promise<WithGuardedTarget> {
  const guarded = target !== undefined && client !== undefined && redirectionPolicyOf(client) === 'open_redirect_protection';
  // The session is read only when there is a hint to compare it with.
  const fromThisSession = guarded && hintSid !== undefined && hintSid === (await session())?.sid;
  return { target, linkOnly: guarded && !fromThisSession };
}

const CARRIED = ['client_id', 'post_logout_redirect_uri', 'state'] as const;

/** §2: without a valid id_token_hint for this session the user is asked (a request anyone could have sent). */
export function confirmUnlessHinted({
  hinted,
  hintForAnotherSession,
  client,
  params,
}: Pick<LogoutRequest, 'params'> & WithHint & WithClient): Stop<Confirmation> | void {
  if (hinted) return;
  const hidden: Record<string, string> = {};
  for (const name of CARRIED) {
    const value = params[name];
    if (value !== undefined) hidden[name] = value;
  }
  if (client && hidden.client_id === undefined) hidden.client_id = client.client_id;
  return stop({ hidden, anotherSession: hintForAnotherSession === true });
}

/** The confirmation form is ours: its answer must carry our CSRF token. */
export function requireCsrf({ csrfValid }: Pick<LogoutAnswer, 'csrfValid'>): Stop<ErrorPage> | void {
  if (!csrfValid) return stop({ status: 403, error: 'invalid_request', description: CSRF_FAILED });
}

export async function endSession({ logOut, client }: Pick<LogoutRequest, 'logOut'> & WithClient): Promise<void> {
  await logOut(client);
}

/** The confirmation form answers `logout=yes` or `logout=no`; either way the browser goes on to the target. */
export async function endSessionIfConfirmed({ params, logOut, client }: Pick<LogoutRequest, 'params' | 'logOut'> & WithClient): Promise<void> {
  if (params.logout === 'yes') await logOut(client);
}
