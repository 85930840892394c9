// Shared by both logout endpoints: ending the session and where to send the browser.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Client } from '../../../domain/client.ts';
import { endSession } from '../../../sessions/login-session.ts';
import { logEvent } from '../../../services/sign-in-events.ts';
import { newNonce, sendPage } from '../../../web/layout.ts';
import { loggedOutPage } from './logout-page.ts';
import { InvalidRequest } from '../../errors.ts';

/** Query or form parameters, single string values only. */
export function stringParams(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (source && typeof source === 'object') for (const [k, v] of Object.entries(source)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Strict third-party apps have no logout endpoints (auth0-behaviour §4.8). */
export function checkLogoutAllowed(client: Client | undefined): void {
  if (client?.third_party_security_mode === 'strict') throw new InvalidRequest('Logout is not available for this application.');
}

export async function logOut(request: FastifyRequest, reply: FastifyReply, client: Client | undefined): Promise<void> {
  await endSession(request, reply);
  await logEvent(request, 'slo', 'Success Logout', {}, client?.client_id ?? null);
}

export function redirectOrLoggedOut(request: FastifyRequest, reply: FastifyReply, target: string | undefined): FastifyReply {
  if (target) return reply.header('cache-control', 'no-store').redirect(target, 302);
  const nonce = newNonce();
  return sendPage(reply, 200, loggedOutPage({ tenantName: request.ctx.tenant.settings.friendly_name, nonce }), nonce);
}
