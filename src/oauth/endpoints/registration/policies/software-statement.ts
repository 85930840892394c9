// Verifying a software statement (RFC 7591 §2.3): a JWS whose claims are client metadata,
// signed by a party the tenant trusts (registration_policy.software_statement_issuers).
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { SoftwareStatementIssuer } from '../../../../domain/tenant.ts';
import { OutboundRefusal } from '../../../../outbound/fetcher.ts';
import { fetchJwkSet } from '../../../../outbound/jwks.ts';
import { InvalidSoftwareStatement, UnapprovedSoftwareStatement } from '../../../errors.ts';
import type { NewRegistration } from '../state.ts';

/** Public-key algorithms only: never `none`, never a shared-secret HMAC (anyone holding the secret could sign). */
export const STATEMENT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
/** Clock skew allowed on exp, nbf and iat, seconds. */
const SKEW_SECONDS = 60;
/** JWT claims that describe the statement itself, not the client (RFC 7519 §4.1). */
const STATEMENT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'software_statement'];

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** An untrusted value, quoted and clipped for an error description. */
const quoted = (value: string) => JSON.stringify(value.length > 200 ? `${value.slice(0, 197)}...` : value);

export interface ReadStatement {
  iss: string;
  alg: string;
}

/** Reads the statement's issuer and algorithm without trusting them yet. */
export function readStatement(statement: unknown): ReadStatement {
  if (typeof statement !== 'string' || !COMPACT_JWS.test(statement)) {
    throw new InvalidSoftwareStatement('software_statement must be a signed JWT in JWS compact serialization (RFC 7591 §2.3)');
  }
  let alg: unknown;
  let iss: unknown;
  try {
    alg = decodeProtectedHeader(statement).alg;
    iss = decodeJwt(statement).iss;
  } catch {
    throw new InvalidSoftwareStatement('software_statement is not a readable JWT');
  }
  if (typeof iss !== 'string' || iss === '') throw new InvalidSoftwareStatement('software_statement has no iss claim (RFC 7591 §2.3 requires one)');
  if (typeof alg !== 'string' || !STATEMENT_ALGORITHMS.includes(alg)) {
    throw new InvalidSoftwareStatement(`software_statement is signed with ${quoted(String(alg))}; accepted: ${STATEMENT_ALGORITHMS.join(', ')}`);
  }
  return { iss, alg };
}

export function trustedIssuer(issuers: readonly SoftwareStatementIssuer[], iss: string): SoftwareStatementIssuer {
  const issuer = issuers.find((i) => i.iss === iss);
  if (!issuer) throw new UnapprovedSoftwareStatement(`software_statement issuer ${quoted(iss)} is not one this tenant trusts`);
  return issuer;
}

type KeyPorts = Pick<NewRegistration, 'outbound' | 'warn' | 'request'> & { tenantId: string; stores: Pick<NewRegistration['stores'], 'logs'> };

/** The issuer's JWK Set: inline, or fetched through the guarded fetcher (cached per tenant). */
async function keysOf(issuer: SoftwareStatementIssuer, ports: KeyPorts, refresh: boolean): Promise<JSONWebKeySet> {
  if (issuer.jwks) return issuer.jwks as unknown as JSONWebKeySet;
  const uri = issuer.jwks_uri!;
  let set: JSONWebKeySet | undefined;
  try {
    set = await fetchJwkSet(ports.outbound, uri, { tenantId: ports.tenantId, refresh });
  } catch (err) {
    if (!(err instanceof OutboundRefusal)) throw err;
    // The reason (an address, a status) is for the tenant owner's log, not for the registering client.
    ports.warn({ iss: issuer.iss, jwks_uri: uri, reason: err.reason }, 'software statement issuer keys could not be fetched');
    await ports.stores.logs.append({
      type: 'w',
      description: `The keys of software statement issuer ${issuer.iss} could not be fetched: ${err.reason}`,
      ip: ports.request.ip,
      userAgent: null,
      clientId: null,
      details: { iss: issuer.iss, jwks_uri: uri, reason: err.reason },
    });
    throw new InvalidSoftwareStatement(`software_statement cannot be verified now: the keys of ${quoted(issuer.iss)} could not be fetched`);
  }
  if (!set) throw new InvalidSoftwareStatement(`software_statement cannot be verified: the jwks_uri of ${quoted(issuer.iss)} holds no JWK Set`);
  return set;
}

/** Why jose refused, in words a registering client can act on. */
function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'software_statement has expired (exp)';
  if (err instanceof errors.JWTClaimValidationFailed) return `software_statement ${err.claim} claim check failed: ${err.reason}`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'software_statement signature does not verify with the issuer’s keys';
  if (err instanceof errors.JWKSNoMatchingKey) return 'software_statement is signed with a key the issuer does not publish (kid and alg match none)';
  if (err instanceof errors.JWKSMultipleMatchingKeys) return 'software_statement names no kid and several of the issuer’s keys match';
  if (err instanceof errors.JOSEError) return `software_statement cannot be verified (${err.code})`;
  // WebCrypto refusing to import one of the issuer's keys (a JWK with an invalid point or modulus).
  if (err instanceof DOMException) return 'software_statement cannot be verified: the matching key of the issuer is not a usable public key';
  throw err;
}

/** `aud` is optional; when present it must name this tenant (its issuer or registration endpoint). */
function checkAudience(payload: JWTPayload, issuer: string): void {
  if (payload.aud === undefined) return;
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const ours = [issuer, issuer.replace(/\/$/, ''), `${issuer}oidc/register`];
  if (!audiences.some((a) => ours.includes(a))) throw new InvalidSoftwareStatement(`software_statement aud names another server; expected ${issuer}`);
}

/**
 * Verifies signature, iss, exp, nbf and iat; with a jwks_uri, a key the cached set lacks makes
 * one fresh fetch (the issuer may have rotated). Returns the verified claims.
 */
export async function verifyStatement(statement: string, issuer: SoftwareStatementIssuer, ports: KeyPorts & { issuer: string }): Promise<JWTPayload> {
  let payload: JWTPayload;
  for (let refresh = false; ; refresh = true) {
    try {
      const keys = createLocalJWKSet(await keysOf(issuer, ports, refresh));
      ({ payload } = await jwtVerify(statement, keys, { algorithms: STATEMENT_ALGORITHMS, issuer: issuer.iss, clockTolerance: SKEW_SECONDS }));
      break;
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey && issuer.jwks_uri !== undefined && !refresh) continue;
      if (err instanceof InvalidSoftwareStatement) throw err;
      throw new InvalidSoftwareStatement(reasonOf(err));
    }
  }
  if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + SKEW_SECONDS) {
    throw new InvalidSoftwareStatement('software_statement iat is in the future');
  }
  checkAudience(payload, ports.issuer);
  return payload;
}

/** The statement's client metadata: its claims minus those about the statement itself. */
export function metadataClaims(payload: JWTPayload): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([name]) => !STATEMENT_CLAIMS.includes(name)));
}
