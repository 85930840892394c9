// registration_policy.software_statement_issuers: the rules the schema cannot state. Each issuer
// names its keys one way (jwks or jwks_uri, as RFC 7591 §2 asks of clients), keys are public
// asymmetric ones (a statement is never verified with a shared secret), issuers are distinct.
import type { SoftwareStatementIssuer } from '../../domain/tenant.ts';
import { invalidBody } from '../errors.ts';

/** Private-key members of RSA, EC and OKP keys (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2) and the symmetric key (§6.4). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const ASYMMETRIC = ['RSA', 'EC', 'OKP'];

const refuse = (path: string, what: string) => invalidBody(`'${what}' on property registration_policy.software_statement_issuers${path}.`);

function checkUri(i: number, uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw refuse(`[${i}].jwks_uri`, 'Not a URL');
  }
  if (url.protocol !== 'https:') throw refuse(`[${i}].jwks_uri`, 'jwks_uri must be an https URL');
  if (url.username || url.password || url.hash) throw refuse(`[${i}].jwks_uri`, 'jwks_uri must not carry credentials or a fragment');
}

function checkKeys(i: number, keys: Record<string, unknown>[]): void {
  keys.forEach((key, j) => {
    const where = `[${i}].jwks.keys[${j}]`;
    if (!ASYMMETRIC.includes(key.kty as string)) throw refuse(where, `kty must be one of ${ASYMMETRIC.join(', ')} (statements are signed with public keys)`);
    const secret = PRIVATE_MEMBERS.find((m) => Object.hasOwn(key, m));
    if (secret) throw refuse(where, `jwks must hold public keys only; remove the private member "${secret}"`);
  });
}

/** Throws a 400 invalid_body naming the issuer at fault; null and absent are fine. */
export function checkSoftwareStatementIssuers(issuers: readonly SoftwareStatementIssuer[] | null | undefined): void {
  if (!issuers) return;
  const seen = new Set<string>();
  issuers.forEach((issuer, i) => {
    if ((issuer.jwks === undefined) === (issuer.jwks_uri === undefined)) throw refuse(`[${i}]`, 'Exactly one of jwks and jwks_uri is required');
    if (seen.has(issuer.iss)) throw refuse(`[${i}].iss`, `The issuer ${issuer.iss} is listed twice`);
    seen.add(issuer.iss);
    if (issuer.jwks_uri !== undefined) checkUri(i, issuer.jwks_uri);
    if (issuer.jwks !== undefined) checkKeys(i, issuer.jwks.keys);
  });
}
