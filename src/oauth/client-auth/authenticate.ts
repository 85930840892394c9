// Client authentication at the token, revocation and introspection endpoints
// (RFC 6749 §2.3.1: client_secret_basic and client_secret_post; public clients: `none`;
// private_key_jwt: RFC 7523 §2.2, checked in private-key-jwt.ts).
import { decodeJwt } from 'jose';
import { secretsEqual } from '../../crypto.ts';
import type { Client } from '../../domain/client.ts';
import type { ClientStore } from '../../storage/ports.ts';
import { InvalidClient, InvalidRequest } from '../errors.ts';
import { JWT_BEARER, verifyClientAssertion, type AssertionPorts } from './private-key-jwt.ts';

export interface PresentedCredentials {
  clientId: string;
  secret: string | undefined;
  /** private_key_jwt: the client_assertion, not yet verified */
  assertion?: string;
  method: 'client_secret_basic' | 'client_secret_post' | 'none' | 'private_key_jwt';
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
function parseBasic(header: string): { id: string; secret: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
  } catch {
    return null;
  }
}

/**
 * RFC 7521 §4.2: client_assertion_type and client_assertion together; client_id is optional and,
 * when sent, names the assertion's subject. The client is the assertion's `sub` (RFC 7523 §3),
 * read here unverified only to find its keys. Every problem is invalid_client (RFC 7521 §4.2.1).
 */
function assertionCredentials(authorization: string | undefined, params: Record<string, string>): PresentedCredentials {
  if (params.client_assertion_type !== JWT_BEARER) throw new InvalidClient(`client_assertion_type must be ${JWT_BEARER}`);
  const assertion = params.client_assertion;
  if (!assertion) throw new InvalidClient('Missing client_assertion.');
  if ((authorization && /^Basic\s/i.test(authorization)) || params.client_secret !== undefined) {
    throw new InvalidClient('Use only one client authentication method: client_assertion, or a client secret.');
  }
  let sub: unknown;
  try {
    sub = decodeJwt(assertion).sub;
  } catch {
    throw new InvalidClient('client_assertion is not a readable JWT');
  }
  if (typeof sub !== 'string' || sub === '') throw new InvalidClient('client_assertion has no sub claim (RFC 7523 §3: the client_id)');
  if (params.client_id !== undefined && params.client_id !== sub) throw new InvalidClient('client_id does not match the sub claim of client_assertion.');
  return { clientId: sub, secret: undefined, assertion, method: 'private_key_jwt' };
}

/** Reads the credentials a request presents; a request may use only one method (RFC 6749 §2.3). */
export function presentedCredentials(authorization: string | undefined, params: Record<string, string>): PresentedCredentials {
  if (params.client_assertion_type !== undefined || params.client_assertion !== undefined) return assertionCredentials(authorization, params);
  const bodyId = params.client_id;
  const bodySecret = params.client_secret;
  if (authorization && /^Basic\s/i.test(authorization)) {
    const basic = parseBasic(authorization);
    if (!basic) throw new InvalidClient('Malformed Basic authorization header.', true);
    if (bodySecret !== undefined) throw new InvalidRequest('Use only one client authentication method.');
    if (bodyId !== undefined && bodyId !== basic.id) throw new InvalidRequest('client_id in the body does not match the authenticated client.');
    return { clientId: basic.id, secret: basic.secret, method: 'client_secret_basic' };
  }
  if (!bodyId) throw new InvalidClient('Missing client_id: authenticate with client_secret_basic or client_secret_post.');
  return { clientId: bodyId, secret: bodySecret, method: bodySecret === undefined ? 'none' : 'client_secret_post' };
}

/**
 * Authenticates the client. Secret-bearing clients may use Basic or post whatever they
 * registered (the MCP SDK picks Basic when a response omits the method; auth0-behaviour §1.3).
 * Public clients (`none`) present only their client_id. A private_key_jwt client presents an
 * assertion and nothing else; no other client may present one.
 */
export async function authenticateClient(clients: Pick<ClientStore, 'findById'>, creds: PresentedCredentials, assertionPorts: AssertionPorts): Promise<Client> {
  const basic = creds.method === 'client_secret_basic';
  const client = await clients.findById(creds.clientId);
  if (!client) throw new InvalidClient('Unknown client or invalid client credentials.', basic);
  if (creds.method === 'private_key_jwt') {
    if (client.token_endpoint_auth_method !== 'private_key_jwt') throw new InvalidClient('This client does not authenticate with private_key_jwt.');
    await verifyClientAssertion(creds.assertion!, client, assertionPorts);
    return client;
  }
  if (client.token_endpoint_auth_method === 'private_key_jwt') {
    throw new InvalidClient(`This client authenticates with private_key_jwt: send client_assertion_type=${JWT_BEARER} and a client_assertion.`, basic);
  }
  if (client.token_endpoint_auth_method === 'none') {
    if (creds.secret !== undefined && creds.secret !== '') throw new InvalidClient('This client is public: it must not send a client secret.', basic);
    return client;
  }
  if (creds.secret === undefined || client.client_secret === null || !secretsEqual(creds.secret, client.client_secret)) {
    throw new InvalidClient('Unknown client or invalid client credentials.', basic);
  }
  return client;
}
