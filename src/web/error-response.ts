// The HTML member of the OAuth error family: routes a person looks at (authorize, login,
// consent, logout) show errors they cannot send back to the app on this page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newNonce, sendPage } from './layout.ts';
import { errorPage } from './error-page.ts';

export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  const nonce = newNonce();
  const tenantName = request.ctx?.tenant.settings.friendly_name ?? 'Latchkey';
  return sendPage(reply, status, errorPage({ tenantName, error, description, nonce }), nonce);
}
