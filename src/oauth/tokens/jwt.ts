// Signs JWTs with the tenant's current RS256 key (RFC 7515/7519); `kid` is always in the header.
// The compact JWS is built here and signed with node's crypto.sign on the libuv pool: RS256 is
// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3), node's default padding for RSA keys. This
// skips jose's WebCrypto round trip, the largest per-token cost after the RSA operation itself.
import { sign } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { ActiveKey, KeyService } from './keys.ts';

// The protected header depends only on the key and typ: encoded once (RFC 7515 §7.1).
const headers = new Map<string, string>();

function encodedHeader(key: ActiveKey, typ: string): string {
  const id = `${key.kid}\n${typ}`;
  let header = headers.get(id);
  if (header === undefined) {
    header = Buffer.from(JSON.stringify({ alg: key.alg, typ, kid: key.kid })).toString('base64url');
    if (headers.size > 256) headers.clear();
    headers.set(id, header);
  }
  return header;
}

function rs256(input: string, key: ActiveKey): Promise<Buffer> {
  return new Promise((resolve, reject) => sign('sha256', Buffer.from(input), key.privateKey, (err, sig) => (err ? reject(err) : resolve(sig))));
}

export async function signJwt(keys: KeyService, tenantId: string, claims: JWTPayload, typ = 'JWT'): Promise<string> {
  const key = await keys.signingKey(tenantId);
  const input = `${encodedHeader(key, typ)}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${(await rs256(input, key)).toString('base64url')}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
