// Tenant log events of the token endpoint, with Auth0's types: each grant's exchange succeeded
// (seacft, sertft, seccft) or failed (feacft, fertft, feccft). Written after the answer is
// decided; descriptions are the error's description, which never quotes a code, token or secret.
import { decodeJwt } from 'jose';
import type { FastifyRequest } from 'fastify';
import { logEvent } from '../../../services/sign-in-events.ts';
import { OAuthError } from '../../errors.ts';
import type { WithClient, WithCredentials, WithParams } from '../client-steps.ts';
import type { TokenResponse } from './grant.ts';

const EVENTS: Readonly<Record<string, { ok: string; failed: string; description: string }>> = {
  authorization_code: { ok: 'seacft', failed: 'feacft', description: 'Authorization Code for Access Token' },
  refresh_token: { ok: 'sertft', failed: 'fertft', description: 'Refresh Token for Access Token' },
  client_credentials: { ok: 'seccft', failed: 'feccft', description: 'Client Credentials for Access Token' },
};

/** What the endpoint's steps had established when it answered. */
export type TokenOutcome = Partial<WithParams & WithCredentials & WithClient> & ({ response: TokenResponse } | { error: unknown });

/** The user a user token was issued for (its `sub`), read back from the JWT access token. */
function userOf(response: TokenResponse): string | undefined {
  try {
    const sub = decodeJwt(response.access_token).sub;
    return sub && !sub.endsWith('@clients') ? sub : undefined;
  } catch {
    return undefined;
  }
}

export function logTokenEvent(request: FastifyRequest, outcome: TokenOutcome): void {
  const event = EVENTS[outcome.params?.grant_type ?? ''];
  if (!event) return;
  const client = outcome.client
    ? { clientId: outcome.client.client_id, clientName: outcome.client.name }
    : outcome.credentials
      ? { clientId: outcome.credentials.clientId }
      : {};
  if ('response' in outcome) {
    const userId = userOf(outcome.response);
    logEvent(request, event.ok, event.description, { ...client, ...(userId ? { userId } : {}), details: { scope: outcome.response.scope ?? null } });
  } else if (outcome.error instanceof OAuthError) {
    logEvent(request, event.failed, outcome.error.description, { ...client, details: { error: outcome.error.error } });
  }
}
