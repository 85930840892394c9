import { findSession } from '../../../../sessions/login-session.ts';
import { OAuthError } from '../../../errors.ts';
import { stop, type Stop } from '../../../pipeline.ts';
import { withParams } from '../params.ts';
import type { AuthorizeRequest, Interaction, WithPrompts, WithSession } from '../context.ts';

/**
 * A signed-in, unblocked user whose authentication is fresh enough (prompt=login, max_age,
 * OIDC Core §3.1.2.1); otherwise the login page (the sign-up page under Auth0's
 * screen_hint=signup), or login_required under prompt=none.
 */
export async function requireSession(
  a: Pick<AuthorizeRequest, 'ctx' | 'sessionCookie' | 'now' | 'params'> & WithPrompts,
): Promise<WithSession | Stop<Interaction>> {
  const session = await findSession(a.ctx, a.sessionCookie, a.now);
  const user = session && (await a.ctx.stores.users.findById(session.userId));
  const age = session ? Math.floor((a.now.getTime() - session.authTime.getTime()) / 1000) : 0;
  const stale = a.maxAge !== undefined && age > a.maxAge;
  if (!session || !user || user.blocked || stale || a.prompts.has('login')) {
    if (a.prompts.has('none')) throw new OAuthError('login_required', 'Login required');
    return stop({ redirectTo: withParams(a.params.screen_hint === 'signup' ? '/u/signup' : '/u/login', a.params) });
  }
  return { session, user };
}
