// A client's public keys for private_key_jwt, as Auth0 keeps them: credentials of type
// `public_key` made from a PEM (SPKI, PKCS#1 or an X.509 certificate), referred to by id from
// client_authentication_methods.private_key_jwt.credentials.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import type { Client, ClientCredential } from '../../domain/client.ts';
import { randomString } from '../../domain/ids.ts';
import { invalidBody, notFound } from '../errors.ts';

/** Credentials a client may hold at once. */
export const MAX_CREDENTIALS = 10;
/** Auth0's kid format for a credential. */
const KID = /^[0-9a-zA-Z_-]{10,64}$/;
/** The PEM labels a public key comes in; a private key is refused, never reduced to its public half. */
const PUBLIC_PEM = /^-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----\r?\n[\s\S]+\r?\n-----END \1-----\s*$/;

export interface NewCredential {
  credential_type: string;
  name?: string;
  pem?: string;
  alg?: string;
  kid?: string;
  expires_at?: string;
}

/** The algorithms a key of this type signs client assertions with here (the first is the default). */
function algorithmsFor(key: KeyObject): string[] {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw invalidBody('pem: an RSA key must be at least 2048 bits.');
    return ['RS256', 'PS256'];
  }
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return ['ES256'];
  if (type === 'ed25519') return ['EdDSA', 'Ed25519'];
  throw invalidBody('pem: the key must be RSA (2048 bits or more), EC P-256 or Ed25519.');
}

function publicKeyOf(pem: string | undefined): KeyObject {
  if (pem === undefined || !PUBLIC_PEM.test(pem.trim())) {
    throw invalidBody('pem must be a PEM-encoded public key (PUBLIC KEY or RSA PUBLIC KEY) or X.509 certificate.');
  }
  try {
    return createPublicKey(pem);
  } catch {
    throw invalidBody('pem could not be read as a public key or certificate.');
  }
}

/** Builds a credential from what the owner sent; checks everything, stores nothing. */
export async function makeCredential(input: NewCredential, now = new Date()): Promise<ClientCredential> {
  if (input.credential_type !== 'public_key') throw invalidBody('credential_type must be public_key (the only type private_key_jwt uses).');
  const key = publicKeyOf(input.pem);
  const algorithms = algorithmsFor(key);
  const alg = input.alg ?? algorithms[0]!;
  if (!algorithms.includes(alg)) throw invalidBody(`alg ${alg} does not suit this key; use ${algorithms.join(' or ')}.`);
  if (input.kid !== undefined && !KID.test(input.kid)) throw invalidBody('kid must be 10 to 64 characters of 0-9, a-z, A-Z, - and _.');
  if (input.expires_at !== undefined && !(Date.parse(input.expires_at) > now.getTime())) throw invalidBody('expires_at must be a date in the future.');
  const jwk = key.export({ format: 'jwk' }) as Record<string, string>;
  const at = now.toISOString();
  return {
    id: `cred_${randomString(22)}`,
    name: input.name ?? '',
    credential_type: 'public_key',
    kid: input.kid ?? (await calculateJwkThumbprint(jwk)),
    alg,
    jwk,
    created_at: at,
    updated_at: at,
    ...(input.expires_at !== undefined && { expires_at: new Date(input.expires_at).toISOString() }),
  };
}

/** Adds `credential` to the client's list; a kid must stay unique within it. */
export function withCredential(client: Client, credential: ClientCredential): ClientCredential[] {
  const current = client.credentials ?? [];
  if (current.length >= MAX_CREDENTIALS) throw invalidBody(`a client holds at most ${MAX_CREDENTIALS} credentials; delete one first.`);
  if (current.some((c) => c.kid === credential.kid)) throw invalidBody(`the client already has a credential with kid ${credential.kid}.`);
  return [...current, credential];
}

export const credentialNotFound = () => notFound('The credential does not exist', 'inexistent_credential');

/** Auth0's answer for a credential: everything but the key itself. */
export function credentialView(c: ClientCredential): Record<string, string> {
  const { jwk: _jwk, ...shown } = c;
  return shown as unknown as Record<string, string>;
}

/** The ids of client_authentication_methods must name credentials the client holds. */
export function checkCredentialIds(client: Pick<Client, 'credentials'>, ids: readonly { id: string }[]): void {
  if (ids.length === 0) throw invalidBody('client_authentication_methods.private_key_jwt.credentials must name at least one credential.');
  const known = new Set((client.credentials ?? []).map((c) => c.id));
  const unknown = ids.find((c) => !known.has(c.id));
  if (unknown) throw invalidBody(`client_authentication_methods.private_key_jwt.credentials: ${unknown.id} is not a credential of this client.`);
}
