// Where a client's public keys for private_key_jwt live: the Management API's credentials that
// client_authentication_methods.private_key_jwt names (Auth0), or the RFC 7591 §2 `jwks` /
// `jwks_uri` metadata of a registered client (also what a Client ID Metadata Document gives).
import type { Client } from './client.ts';

export type JwkSet = { keys: Record<string, unknown>[] };
export type ClientKeys = { jwks: JwkSet } | { jwks_uri: string };

const isJwkSet = (v: unknown): v is JwkSet => typeof v === 'object' && v !== null && Array.isArray((v as { keys?: unknown }).keys);

/** The client's keys, or undefined when it has none. Expired Management credentials are left out. */
export function clientKeys(
  client: Pick<Client, 'credentials' | 'client_authentication_methods' | 'registration_metadata'>,
  now = new Date(),
): ClientKeys | undefined {
  const enabled = client.client_authentication_methods?.private_key_jwt?.credentials;
  if (enabled) {
    const ids = new Set(enabled.map((c) => c.id));
    const keys = (client.credentials ?? [])
      .filter((c) => ids.has(c.id) && (c.expires_at === undefined || Date.parse(c.expires_at) > now.getTime()))
      // An Ed25519 key signs as EdDSA or, by its RFC 9864 name, Ed25519: its alg is not pinned.
      .map((c) => ({ ...c.jwk, kid: c.kid, ...(c.jwk.kty !== 'OKP' && { alg: c.alg }) }));
    return keys.length ? { jwks: { keys } } : undefined;
  }
  const metadata = client.registration_metadata;
  if (isJwkSet(metadata?.jwks)) return { jwks: metadata.jwks };
  if (typeof metadata?.jwks_uri === 'string') return { jwks_uri: metadata.jwks_uri };
  return undefined;
}
