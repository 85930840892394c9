// The `jwks` member (RFC 7591 §2): a JWK Set (RFC 7517 §5) of the client's public keys.
import { InvalidClientMetadata } from '../../../errors.ts';
import { LIMITS } from './limits.ts';

export type Jwk = Record<string, string | string[]>;

/** Private-key members of RSA, EC, OKP (RFC 7518 §6.2.2, §6.3.2) and symmetric keys (§6.4). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkKey(value: unknown, i: number): Jwk {
  const where = `jwks.keys[${i}]`;
  if (!isPlainObject(value)) throw new InvalidClientMetadata(`${where} must be an object`);
  if (typeof value.kty !== 'string') throw new InvalidClientMetadata(`${where}.kty must be a string`);
  const key: Jwk = {};
  for (const [name, member] of Object.entries(value)) {
    if (PRIVATE_MEMBERS.includes(name)) throw new InvalidClientMetadata('jwks must contain public keys only');
    const ok =
      (typeof member === 'string' && member.length <= LIMITS.jwkMemberLength) ||
      (Array.isArray(member) && member.length <= LIMITS.jwkArrayItems && member.every((m) => typeof m === 'string' && m.length <= LIMITS.jwkMemberLength));
    if (!ok) throw new InvalidClientMetadata(`${where} members must be strings or short arrays of strings`);
    // defineProperty: a member named __proto__ stays an ordinary member
    Object.defineProperty(key, name, { value: member, enumerable: true, writable: true, configurable: true });
  }
  return key;
}

export function parseJwks(value: unknown): { keys: Jwk[] } {
  if (!isPlainObject(value) || !Array.isArray(value.keys)) throw new InvalidClientMetadata('jwks must be a JWK Set: an object with a keys array');
  if (value.keys.length === 0 || value.keys.length > LIMITS.jwksKeys) throw new InvalidClientMetadata(`jwks.keys must contain 1 to ${LIMITS.jwksKeys} keys`);
  return { keys: value.keys.map(checkKey) };
}
