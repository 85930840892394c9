// Signs JWTs with the tenant's current RS256 key (RFC 7515/7519); `kid` is always in the header.
import { SignJWT, type JWTPayload } from 'jose';
import type { KeyService } from './keys.ts';

export async function signJwt(keys: KeyService, tenantId: string, claims: JWTPayload, typ = 'JWT'): Promise<string> {
  const key = await keys.signingKey(tenantId);
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, typ, kid: key.kid }).sign(key.privateKey);
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
