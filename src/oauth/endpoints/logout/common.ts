// Fastify glue shared by both logout endpoints: reading the parameters, ending the session,
// and where to send the browser once the steps have run.
import { locationHeaderValue } from '../../../web/location.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Client } from '../../../domain/client.ts';
import { currentSessionIdentity, endSession, sessionCookie } from '../../../sessions/login-session.ts';
import { logEvent } from '../../../services/sign-in-events.ts';
import { newNonce, sendPage } from '../../../web/layout.ts';
import type { LogoutRequest, WithGuardedTarget } from './context.ts';
import { loggedOutPage } from './logout-page.ts';

/** Query or form parameters, single string values only. */
export function stringParams(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (source && typeof source === 'object') for (const [k, v] of Object.entries(source)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A logout request for these parameters, ending this browser's session when a step says so. */
export function logoutRequestFor(request: FastifyRequest, reply: FastifyReply, params: Record<string, string>): LogoutRequest {
  let session: ReturnType<LogoutRequest['session']> | undefined;
  return {
    ctx: request.ctx,
    params,
    session: () => (session ??= currentSessionIdentity(request.ctx, sessionCookie(request))),
    logOut: async (client: Client | undefined) => {
      await endSession(request, reply);
      logEvent(request, 'slo', 'Success Logout', client ? { clientId: client.client_id, clientName: client.name } : {});
    },
  };
}

/** To the target, or the logged-out page (with the target as a link when it may not be redirected to). */
export function redirectOrLoggedOut(request: FastifyRequest, reply: FastifyReply, out: WithGuardedTarget): FastifyReply {
  if (out.target && !out.linkOnly) return reply.header('cache-control', 'no-store').redirect(locationHeaderValue(out.target), 302);
  const nonce = newNonce();
  const link = out.target && out.linkOnly ? out.target : undefined;
  return sendPage(reply, 200, loggedOutPage({ tenantName: request.ctx.tenant.settings.friendly_name, nonce, link }), nonce);
}
