// private_key_jwt (OIDC Core §9; RFC 7523 §2.2 and §3; RFC 7521 §4.2): the client proves who it
// is with a JWT signed by one of its keys. Rules: iss = sub = client_id; aud names this tenant's
// token endpoint or its issuer; exp present and at most five minutes ahead; iat and nbf honoured
// with a small skew; jti used once until the assertion expires (across instances: the store);
// public-key algorithms only, never `none` or an HMAC (anyone holding the secret could sign).
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Client } from '../../domain/client.ts';
import { OutboundRefusal, type OutboundFetcher } from '../../outbound/fetcher.ts';
import { fetchJwkSet } from '../../outbound/jwks.ts';
import type { ClientAssertionStore } from '../../storage/ports.ts';
import { InvalidClient } from '../errors.ts';
import { clientKeys, type ClientKeys } from '../../domain/client-keys.ts';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/**
 * What discovery lists as token_endpoint_auth_signing_alg_values_supported: exactly these.
 * Ed25519 is EdDSA over Ed25519 by its fully-specified name (RFC 9864 §2.2), which
 * openid-client 6 puts in the header when it signs with an Ed25519 key.
 */
export const ASSERTION_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519'];
/** An assertion may live this long at most (RFC 7523 §3 item 4 lets the server bound it). */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
/** Clock skew allowed on exp, nbf and iat, seconds. */
const SKEW_SECONDS = 30;
/** A JWK Set served at a jwks_uri is at most this large. */
const MAX_JTI_LENGTH = 256;

/** What verifying an assertion needs besides the client. */
export interface AssertionPorts {
  /** the tenant's issuer, with its trailing slash */
  issuer: string;
  tenantId: string;
  outbound: Pick<OutboundFetcher, 'fetchJson'>;
  clientAssertions: ClientAssertionStore;
  /** a jwks_uri could not be fetched: for the tenant's log */
  onKeysUnavailable(clientId: string, jwksUri: string, reason: string): Promise<void> | void;
}

/** The client's JWK Set: inline, or fetched through the guarded fetcher (cached per tenant). */
async function keySet(client: Client, keys: ClientKeys, ports: AssertionPorts, refresh: boolean): Promise<JSONWebKeySet> {
  if ('jwks' in keys) return keys.jwks as unknown as JSONWebKeySet;
  let set: JSONWebKeySet | undefined;
  try {
    set = await fetchJwkSet(ports.outbound, keys.jwks_uri, { tenantId: ports.tenantId, refresh });
  } catch (err) {
    if (!(err instanceof OutboundRefusal)) throw err;
    await ports.onKeysUnavailable(client.client_id, keys.jwks_uri, err.reason);
    throw new InvalidClient(`client_assertion cannot be verified: the client's jwks_uri could not be fetched (${err.reason})`);
  }
  if (!set) throw new InvalidClient("client_assertion cannot be verified: the client's jwks_uri holds no JWK Set");
  return set;
}

/** Why jose refused, in words the client's developer can act on. */
function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'client_assertion has expired (exp)';
  if (err instanceof errors.JWTClaimValidationFailed) return `client_assertion ${err.claim} claim check failed: ${err.reason}`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'client_assertion signature does not verify with the client’s keys';
  if (err instanceof errors.JWKSNoMatchingKey) return 'client_assertion is signed with a key the client has not registered (kid and alg match none)';
  if (err instanceof errors.JWKSMultipleMatchingKeys) return 'client_assertion names no kid and several of the client’s keys match';
  if (err instanceof errors.JOSEError) return `client_assertion cannot be verified (${err.code})`;
  // WebCrypto refusing to import the client's key (a JWK with an invalid point or modulus).
  if (err instanceof DOMException) return 'client_assertion cannot be verified: the matching key of the client is not a usable public key';
  throw err;
}

function readAlgorithm(assertion: string): string {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(assertion).alg;
  } catch {
    throw new InvalidClient('client_assertion is not a readable JWT');
  }
  if (typeof alg !== 'string' || !ASSERTION_ALGORITHMS.includes(alg)) {
    throw new InvalidClient(`client_assertion is signed with ${JSON.stringify(String(alg)).slice(0, 40)}; accepted: ${ASSERTION_ALGORITHMS.join(', ')}`);
  }
  return alg;
}

/** Signature, iss, sub, aud, exp, nbf; with a jwks_uri, an unknown key makes one fresh fetch (rotation). */
async function verifySignature(assertion: string, client: Client, ports: AssertionPorts): Promise<JWTPayload> {
  const keys = clientKeys(client);
  if (!keys) throw new InvalidClient('client_assertion cannot be verified: the client has no public keys');
  const audience = [ports.issuer, ports.issuer.replace(/\/$/, ''), `${ports.issuer}oauth/token`];
  for (let refresh = false; ; refresh = true) {
    try {
      const set = createLocalJWKSet(await keySet(client, keys, ports, refresh));
      const { payload } = await jwtVerify(assertion, set, {
        algorithms: ASSERTION_ALGORITHMS,
        issuer: client.client_id,
        subject: client.client_id,
        audience,
        clockTolerance: SKEW_SECONDS,
        requiredClaims: ['exp', 'jti'],
      });
      return payload;
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey && 'jwks_uri' in keys && !refresh) continue;
      if (err instanceof InvalidClient) throw err;
      throw new InvalidClient(reasonOf(err));
    }
  }
}

/** Verifies the assertion and records its jti; throws InvalidClient (401) on any problem. */
export async function verifyClientAssertion(assertion: string, client: Client, ports: AssertionPorts): Promise<void> {
  readAlgorithm(assertion);
  const payload = await verifySignature(assertion, client, ports);
  const now = Date.now() / 1000;
  const exp = payload.exp!;
  if (exp > now + MAX_ASSERTION_LIFETIME_SECONDS + SKEW_SECONDS) {
    throw new InvalidClient(`client_assertion expires too late: exp must be at most ${MAX_ASSERTION_LIFETIME_SECONDS} seconds ahead`);
  }
  if (typeof payload.iat === 'number' && payload.iat > now + SKEW_SECONDS) throw new InvalidClient('client_assertion iat is in the future');
  const jti = payload.jti;
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) {
    throw new InvalidClient(`client_assertion jti must be a string of 1 to ${MAX_JTI_LENGTH} characters`);
  }
  // RFC 7523 §3 item 7: kept until the assertion can no longer be accepted, then swept.
  const fresh = await ports.clientAssertions.use(client.client_id, jti, new Date((exp + SKEW_SECONDS) * 1000));
  if (!fresh) throw new InvalidClient('client_assertion was already used (its jti was seen before)');
}
